package java.lang;

import java.util.Iterator;
import java.util.function.Consumer;

public interface Iterable<T> {
    Iterator<T> iterator();

    default java.util.Spliterator<T> spliterator() { return java.util.Spliterators.spliteratorUnknownSize(iterator(), 0); }

    default void forEach(Consumer<? super T> action) {
        for (Iterator<T> it = iterator(); it.hasNext();) action.accept(it.next());
    }
}
