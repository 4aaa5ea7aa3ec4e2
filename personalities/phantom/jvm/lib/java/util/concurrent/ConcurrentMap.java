package java.util.concurrent;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

public interface ConcurrentMap<K, V> extends Map<K, V> {
    default V getOrDefault(Object key, V defaultValue) {
        V v = get(key);
        return v != null ? v : defaultValue;
    }

    default void forEach(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action);
        for (Map.Entry<K, V> e : entrySet()) action.accept(e.getKey(), e.getValue());
    }

    V putIfAbsent(K key, V value);
    boolean remove(Object key, Object value);
    boolean replace(K key, V oldValue, V newValue);
    V replace(K key, V value);

    default void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function);
        forEach((k, v) -> {
            while (!replace(k, v, function.apply(k, v))) {
                if ((v = get(k)) == null) break;
            }
        });
    }

    default V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
        V v = get(key);
        if (v != null) return v;
        V nv = f.apply(key);
        if (nv == null) return null;
        V old = putIfAbsent(key, nv);
        return old == null ? nv : old;
    }

    default V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> f) {
        V old;
        while ((old = get(key)) != null) {
            V nv = f.apply(key, old);
            if (nv != null ? replace(key, old, nv) : remove(key, old)) return nv;
        }
        return null;
    }

    default V compute(K key, BiFunction<? super K, ? super V, ? extends V> f) {
        while (true) {
            V old = get(key);
            V nv = f.apply(key, old);
            if (nv != null) {
                if (old != null ? replace(key, old, nv) : putIfAbsent(key, nv) == null) return nv;
            } else if (old == null || remove(key, old)) {
                return null;
            }
        }
    }

    default V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> f) {
        Objects.requireNonNull(f);
        Objects.requireNonNull(value);
        while (true) {
            V old = get(key);
            if (old == null) {
                if (putIfAbsent(key, value) == null) return value;
                continue;
            }
            V nv = f.apply(old, value);
            if (nv != null) {
                if (replace(key, old, nv)) return nv;
            } else if (remove(key, old)) {
                return null;
            }
        }
    }
}
