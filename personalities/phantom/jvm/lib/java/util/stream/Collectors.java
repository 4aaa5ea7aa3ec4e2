package java.util.stream;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.Iterator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

public final class Collectors {
    private Collectors() {}

    static final Set<Collector.Characteristics> ID = setOf(Collector.Characteristics.IDENTITY_FINISH);
    static final Set<Collector.Characteristics> UNORDERED_ID =
            setOf(Collector.Characteristics.UNORDERED, Collector.Characteristics.IDENTITY_FINISH);
    static final Set<Collector.Characteristics> NONE = setOf();

    static Set<Collector.Characteristics> setOf(Collector.Characteristics... cs) {
        HashSet<Collector.Characteristics> s = new HashSet<>();
        for (Collector.Characteristics c : cs) s.add(c);
        return Collections.unmodifiableSet(s);
    }

    /** A collector made of its five parts. */
    static final class Impl<T, A, R> implements Collector<T, A, R> {
        private final Supplier<A> supplier;
        private final BiConsumer<A, T> accumulator;
        private final BinaryOperator<A> combiner;
        private final Function<A, R> finisher;
        private final Set<Characteristics> characteristics;

        Impl(Supplier<A> supplier, BiConsumer<A, T> accumulator, BinaryOperator<A> combiner, Function<A, R> finisher,
                Set<Characteristics> characteristics) {
            this.supplier = supplier;
            this.accumulator = accumulator;
            this.combiner = combiner;
            this.finisher = finisher;
            this.characteristics = characteristics;
        }

        @SuppressWarnings("unchecked")
        Impl(Supplier<A> supplier, BiConsumer<A, T> accumulator, BinaryOperator<A> combiner, Set<Characteristics> characteristics) {
            this(supplier, accumulator, combiner, a -> (R) a, characteristics);
        }

        public Supplier<A> supplier() { return supplier; }
        public BiConsumer<A, T> accumulator() { return accumulator; }
        public BinaryOperator<A> combiner() { return combiner; }
        public Function<A, R> finisher() { return finisher; }
        public Set<Characteristics> characteristics() { return characteristics; }
    }

    private static <T> BinaryOperator<T> noCombiner() {
        return (a, b) -> {
            throw new UnsupportedOperationException("streams run sequentially");
        };
    }

    // ----------------------------------------------------------- collections

    public static <T, C extends Collection<T>> Collector<T, ?, C> toCollection(Supplier<C> factory) {
        return new Impl<T, C, C>(factory, Collection::add, (a, b) -> {
            a.addAll(b);
            return a;
        }, ID);
    }

    public static <T> Collector<T, ?, List<T>> toList() {
        return new Impl<T, List<T>, List<T>>(ArrayList::new, List::add, (a, b) -> {
            a.addAll(b);
            return a;
        }, ID);
    }

    @SuppressWarnings("unchecked")
    public static <T> Collector<T, ?, List<T>> toUnmodifiableList() {
        return new Impl<T, List<T>, List<T>>(ArrayList::new, List::add, (a, b) -> {
            a.addAll(b);
            return a;
        }, l -> (List<T>) List.of(l.toArray()), NONE);
    }

    public static <T> Collector<T, ?, Set<T>> toSet() {
        return new Impl<T, Set<T>, Set<T>>(HashSet::new, Set::add, (a, b) -> {
            a.addAll(b);
            return a;
        }, UNORDERED_ID);
    }

    @SuppressWarnings("unchecked")
    public static <T> Collector<T, ?, Set<T>> toUnmodifiableSet() {
        return new Impl<T, Set<T>, Set<T>>(HashSet::new, Set::add, (a, b) -> {
            a.addAll(b);
            return a;
        }, s -> (Set<T>) Set.of(s.toArray()), setOf(Collector.Characteristics.UNORDERED));
    }

    // --------------------------------------------------------------- strings

    public static Collector<CharSequence, ?, String> joining() {
        return new Impl<CharSequence, StringBuilder, String>(StringBuilder::new, StringBuilder::append, (a, b) -> {
            a.append(b);
            return a;
        }, StringBuilder::toString, NONE);
    }

    public static Collector<CharSequence, ?, String> joining(CharSequence delimiter) {
        return joining(delimiter, "", "");
    }

    public static Collector<CharSequence, ?, String> joining(CharSequence delimiter, CharSequence prefix, CharSequence suffix) {
        Objects.requireNonNull(delimiter);
        Objects.requireNonNull(prefix);
        Objects.requireNonNull(suffix);
        return new Impl<CharSequence, StringJoiner, String>(() -> new StringJoiner(delimiter, prefix, suffix),
                StringJoiner::add, StringJoiner::merge, StringJoiner::toString, NONE);
    }

    // -------------------------------------------------------------- adapters

    public static <T, U, A, R> Collector<T, ?, R> mapping(Function<? super T, ? extends U> mapper, Collector<? super U, A, R> downstream) {
        BiConsumer<A, ? super U> acc = downstream.accumulator();
        return new Impl<T, A, R>(downstream.supplier(), (r, t) -> acc.accept(r, mapper.apply(t)), downstream.combiner(),
                downstream.finisher(), downstream.characteristics());
    }

    public static <T, U, A, R> Collector<T, ?, R> flatMapping(Function<? super T, ? extends Stream<? extends U>> mapper,
            Collector<? super U, A, R> downstream) {
        BiConsumer<A, ? super U> acc = downstream.accumulator();
        return new Impl<T, A, R>(downstream.supplier(), (r, t) -> {
            try (Stream<? extends U> s = mapper.apply(t)) {
                if (s != null) s.sequential().forEach(u -> acc.accept(r, u));
            }
        }, downstream.combiner(), downstream.finisher(), downstream.characteristics());
    }

    public static <T, A, R> Collector<T, ?, R> filtering(Predicate<? super T> predicate, Collector<? super T, A, R> downstream) {
        BiConsumer<A, ? super T> acc = downstream.accumulator();
        return new Impl<T, A, R>(downstream.supplier(), (r, t) -> {
            if (predicate.test(t)) acc.accept(r, t);
        }, downstream.combiner(), downstream.finisher(), downstream.characteristics());
    }

    public static <T, A, R, RR> Collector<T, A, RR> collectingAndThen(Collector<T, A, R> downstream, Function<R, RR> finisher) {
        Set<Collector.Characteristics> cs = downstream.characteristics();
        if (cs.contains(Collector.Characteristics.IDENTITY_FINISH)) {
            HashSet<Collector.Characteristics> s = new HashSet<>(cs);
            s.remove(Collector.Characteristics.IDENTITY_FINISH);
            cs = Collections.unmodifiableSet(s);
        }
        return new Impl<>(downstream.supplier(), downstream.accumulator(), downstream.combiner(),
                downstream.finisher().andThen(finisher), cs);
    }

    // ------------------------------------------------------------ reductions

    public static <T> Collector<T, ?, Long> counting() { return summingLong(e -> 1L); }

    public static <T> Collector<T, ?, Optional<T>> minBy(Comparator<? super T> comparator) {
        return reducing(BinaryOperator.minBy(comparator));
    }

    public static <T> Collector<T, ?, Optional<T>> maxBy(Comparator<? super T> comparator) {
        return reducing(BinaryOperator.maxBy(comparator));
    }

    public static <T> Collector<T, ?, Integer> summingInt(ToIntFunction<? super T> mapper) {
        return new Impl<T, int[], Integer>(() -> new int[1], (a, t) -> a[0] += mapper.applyAsInt(t), (a, b) -> {
            a[0] += b[0];
            return a;
        }, a -> a[0], NONE);
    }

    public static <T> Collector<T, ?, Long> summingLong(ToLongFunction<? super T> mapper) {
        return new Impl<T, long[], Long>(() -> new long[1], (a, t) -> a[0] += mapper.applyAsLong(t), (a, b) -> {
            a[0] += b[0];
            return a;
        }, a -> a[0], NONE);
    }

    /** Compensated: {sum, error, plain sum}. */
    public static <T> Collector<T, ?, Double> summingDouble(ToDoubleFunction<? super T> mapper) {
        return new Impl<T, double[], Double>(() -> new double[3], (a, t) -> {
            double v = mapper.applyAsDouble(t);
            DoublePipe.addCompensated(a, v);
            a[2] += v;
        }, noCombiner(), a -> DoublePipe.finalSum(a[0], a[1], a[2]), NONE);
    }

    public static <T> Collector<T, ?, Double> averagingInt(ToIntFunction<? super T> mapper) {
        return new Impl<T, long[], Double>(() -> new long[2], (a, t) -> {
            a[0] += mapper.applyAsInt(t);
            a[1]++;
        }, noCombiner(), a -> (a[1] == 0) ? 0.0d : (double) a[0] / a[1], NONE);
    }

    public static <T> Collector<T, ?, Double> averagingLong(ToLongFunction<? super T> mapper) {
        return new Impl<T, long[], Double>(() -> new long[2], (a, t) -> {
            a[0] += mapper.applyAsLong(t);
            a[1]++;
        }, noCombiner(), a -> (a[1] == 0) ? 0.0d : (double) a[0] / a[1], NONE);
    }

    /** Compensated: {sum, error, count, plain sum}. */
    public static <T> Collector<T, ?, Double> averagingDouble(ToDoubleFunction<? super T> mapper) {
        return new Impl<T, double[], Double>(() -> new double[4], (a, t) -> {
            double v = mapper.applyAsDouble(t);
            DoublePipe.addCompensated(a, v);
            a[2]++;
            a[3] += v;
        }, noCombiner(), a -> (a[2] == 0) ? 0.0d : DoublePipe.finalSum(a[0], a[1], a[3]) / a[2], NONE);
    }

    @SuppressWarnings("unchecked")
    public static <T> Collector<T, ?, T> reducing(T identity, BinaryOperator<T> op) {
        return new Impl<T, Object[], T>(() -> new Object[] {identity}, (a, t) -> a[0] = op.apply((T) a[0], t), noCombiner(),
                a -> (T) a[0], NONE);
    }

    /** The state of {@code reducing(op)}: whether a value came, and the value so far. */
    private static final class Holder<T> {
        boolean present;
        T value;
    }

    public static <T> Collector<T, ?, Optional<T>> reducing(BinaryOperator<T> op) {
        return new Impl<T, Holder<T>, Optional<T>>(Holder::new, (h, t) -> {
            if (h.present) {
                h.value = op.apply(h.value, t);
            } else {
                h.value = t;
                h.present = true;
            }
        }, noCombiner(), h -> Optional.ofNullable(h.value), NONE);
    }

    @SuppressWarnings("unchecked")
    public static <T, U> Collector<T, ?, U> reducing(U identity, Function<? super T, ? extends U> mapper, BinaryOperator<U> op) {
        return new Impl<T, Object[], U>(() -> new Object[] {identity}, (a, t) -> a[0] = op.apply((U) a[0], mapper.apply(t)),
                noCombiner(), a -> (U) a[0], NONE);
    }

    public static <T> Collector<T, ?, IntSummaryStatistics> summarizingInt(ToIntFunction<? super T> mapper) {
        return new Impl<T, IntSummaryStatistics, IntSummaryStatistics>(IntSummaryStatistics::new,
                (r, t) -> r.accept(mapper.applyAsInt(t)), (a, b) -> {
                    a.combine(b);
                    return a;
                }, ID);
    }

    public static <T> Collector<T, ?, LongSummaryStatistics> summarizingLong(ToLongFunction<? super T> mapper) {
        return new Impl<T, LongSummaryStatistics, LongSummaryStatistics>(LongSummaryStatistics::new,
                (r, t) -> r.accept(mapper.applyAsLong(t)), (a, b) -> {
                    a.combine(b);
                    return a;
                }, ID);
    }

    public static <T> Collector<T, ?, DoubleSummaryStatistics> summarizingDouble(ToDoubleFunction<? super T> mapper) {
        return new Impl<T, DoubleSummaryStatistics, DoubleSummaryStatistics>(DoubleSummaryStatistics::new,
                (r, t) -> r.accept(mapper.applyAsDouble(t)), (a, b) -> {
                    a.combine(b);
                    return a;
                }, ID);
    }

    @SuppressWarnings("unchecked")
    public static <T, R1, R2, R> Collector<T, ?, R> teeing(Collector<? super T, ?, R1> downstream1,
            Collector<? super T, ?, R2> downstream2, BiFunction<? super R1, ? super R2, R> merger) {
        Collector<T, Object, R1> c1 = (Collector<T, Object, R1>) downstream1;
        Collector<T, Object, R2> c2 = (Collector<T, Object, R2>) downstream2;
        Objects.requireNonNull(merger);
        return new Impl<T, Object[], R>(() -> new Object[] {c1.supplier().get(), c2.supplier().get()}, (a, t) -> {
            c1.accumulator().accept(a[0], t);
            c2.accumulator().accept(a[1], t);
        }, noCombiner(), a -> merger.apply(c1.finisher().apply(a[0]), c2.finisher().apply(a[1])), NONE);
    }

    // -------------------------------------------------------------- grouping

    public static <T, K> Collector<T, ?, Map<K, List<T>>> groupingBy(Function<? super T, ? extends K> classifier) {
        return groupingBy(classifier, HashMap::new, toList());
    }

    public static <T, K, A, D> Collector<T, ?, Map<K, D>> groupingBy(Function<? super T, ? extends K> classifier,
            Collector<? super T, A, D> downstream) {
        return groupingBy(classifier, HashMap::new, downstream);
    }

    @SuppressWarnings("unchecked")
    public static <T, K, D, A, M extends Map<K, D>> Collector<T, ?, M> groupingBy(Function<? super T, ? extends K> classifier,
            Supplier<M> mapFactory, Collector<? super T, A, D> downstream) {
        Supplier<A> downSupplier = downstream.supplier();
        BiConsumer<A, ? super T> downAcc = downstream.accumulator();
        BiConsumer<Map<K, A>, T> acc = (m, t) -> {
            K key = Objects.requireNonNull(classifier.apply(t), "element cannot be mapped to a null key");
            A container = m.computeIfAbsent(key, k -> downSupplier.get());
            downAcc.accept(container, t);
        };
        Supplier<Map<K, A>> factory = (Supplier<Map<K, A>>) mapFactory;
        if (downstream.characteristics().contains(Collector.Characteristics.IDENTITY_FINISH)) {
            return new Impl<T, Map<K, A>, M>(factory, acc, noCombiner(), ID);
        }
        Function<A, A> downFinisher = (Function<A, A>) downstream.finisher();
        return new Impl<T, Map<K, A>, M>(factory, acc, noCombiner(), m -> {
            m.replaceAll((k, v) -> downFinisher.apply(v));
            return (M) m;
        }, NONE);
    }

    public static <T> Collector<T, ?, Map<Boolean, List<T>>> partitioningBy(Predicate<? super T> predicate) {
        return partitioningBy(predicate, toList());
    }

    @SuppressWarnings("unchecked")
    public static <T, D, A> Collector<T, ?, Map<Boolean, D>> partitioningBy(Predicate<? super T> predicate,
            Collector<? super T, A, D> downstream) {
        BiConsumer<A, ? super T> downAcc = downstream.accumulator();
        Supplier<A> downSupplier = downstream.supplier();
        Supplier<Partition<A>> supplier = () -> new Partition<>(downSupplier.get(), downSupplier.get());
        BiConsumer<Partition<A>, T> acc = (p, t) -> downAcc.accept(predicate.test(t) ? p.forTrue : p.forFalse, t);
        if (downstream.characteristics().contains(Collector.Characteristics.IDENTITY_FINISH)) {
            return new Impl<T, Partition<A>, Map<Boolean, D>>(supplier, acc, noCombiner(), ID);
        }
        Function<A, D> f = (Function<A, D>) downstream.finisher();
        return new Impl<T, Partition<A>, Map<Boolean, D>>(supplier, acc, noCombiner(),
                p -> new Partition<>(f.apply(p.forTrue), f.apply(p.forFalse)), NONE);
    }

    /** The map of partitioningBy: false, then true. */
    static final class Partition<T> extends AbstractMap<Boolean, T> implements Map<Boolean, T> {
        final T forTrue;
        final T forFalse;

        Partition(T forTrue, T forFalse) {
            this.forTrue = forTrue;
            this.forFalse = forFalse;
        }

        public Set<Map.Entry<Boolean, T>> entrySet() {
            return new AbstractSet<Map.Entry<Boolean, T>>() {
                public Iterator<Map.Entry<Boolean, T>> iterator() {
                    return new Iterator<Map.Entry<Boolean, T>>() {
                        private int i;

                        public boolean hasNext() { return i < 2; }

                        public Map.Entry<Boolean, T> next() {
                            if (i >= 2) throw new NoSuchElementException();
                            return i++ == 0 ? new SimpleImmutableEntry<>(false, forFalse) : new SimpleImmutableEntry<>(true, forTrue);
                        }
                    };
                }

                public int size() { return 2; }
            };
        }
    }

    // ------------------------------------------------------------------ maps

    public static <T, K, U> Collector<T, ?, Map<K, U>> toMap(Function<? super T, ? extends K> keyMapper,
            Function<? super T, ? extends U> valueMapper) {
        return new Impl<T, Map<K, U>, Map<K, U>>(HashMap::new, Collectors.<T, K, U, Map<K, U>>uniqueKeys(keyMapper, valueMapper), noCombiner(), ID);
    }

    static <T, K, U, M extends Map<K, U>> BiConsumer<M, T> uniqueKeys(Function<? super T, ? extends K> keyMapper,
            Function<? super T, ? extends U> valueMapper) {
        return (m, t) -> {
            K k = keyMapper.apply(t);
            U v = Objects.requireNonNull(valueMapper.apply(t));
            U old = m.putIfAbsent(k, v);
            if (old != null) {
                throw new IllegalStateException(String.format("Duplicate key %s (attempted merging values %s and %s)", k, old, v));
            }
        };
    }

    public static <T, K, U> Collector<T, ?, Map<K, U>> toMap(Function<? super T, ? extends K> keyMapper,
            Function<? super T, ? extends U> valueMapper, BinaryOperator<U> mergeFunction) {
        return toMap(keyMapper, valueMapper, mergeFunction, HashMap::new);
    }

    public static <T, K, U, M extends Map<K, U>> Collector<T, ?, M> toMap(Function<? super T, ? extends K> keyMapper,
            Function<? super T, ? extends U> valueMapper, BinaryOperator<U> mergeFunction, Supplier<M> mapFactory) {
        return new Impl<T, M, M>(mapFactory, (m, t) -> m.merge(keyMapper.apply(t), valueMapper.apply(t), mergeFunction),
                noCombiner(), ID);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, K, U> Collector<T, ?, Map<K, U>> toUnmodifiableMap(Function<? super T, ? extends K> keyMapper,
            Function<? super T, ? extends U> valueMapper) {
        return collectingAndThen(toMap(keyMapper, valueMapper),
                m -> (Map<K, U>) Map.ofEntries(m.entrySet().toArray(new Map.Entry[0])));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, K, U> Collector<T, ?, Map<K, U>> toUnmodifiableMap(Function<? super T, ? extends K> keyMapper,
            Function<? super T, ? extends U> valueMapper, BinaryOperator<U> mergeFunction) {
        return collectingAndThen(toMap(keyMapper, valueMapper, mergeFunction, HashMap::new),
                m -> (Map<K, U>) Map.ofEntries(m.entrySet().toArray(new Map.Entry[0])));
    }

    // ------------------------------------------------------- concurrent maps

    public static <T, K, U> Collector<T, ?, java.util.concurrent.ConcurrentMap<K, U>> toConcurrentMap(
            Function<? super T, ? extends K> keyMapper, Function<? super T, ? extends U> valueMapper) {
        return new Impl<T, java.util.concurrent.ConcurrentMap<K, U>, java.util.concurrent.ConcurrentMap<K, U>>(
                java.util.concurrent.ConcurrentHashMap::new,
                Collectors.<T, K, U, java.util.concurrent.ConcurrentMap<K, U>>uniqueKeys(keyMapper, valueMapper), noCombiner(),
                setOf(Collector.Characteristics.CONCURRENT, Collector.Characteristics.UNORDERED, Collector.Characteristics.IDENTITY_FINISH));
    }

    public static <T, K, U> Collector<T, ?, java.util.concurrent.ConcurrentMap<K, U>> toConcurrentMap(
            Function<? super T, ? extends K> keyMapper, Function<? super T, ? extends U> valueMapper, BinaryOperator<U> mergeFunction) {
        return toConcurrentMap(keyMapper, valueMapper, mergeFunction, java.util.concurrent.ConcurrentHashMap::new);
    }

    public static <T, K, U, M extends java.util.concurrent.ConcurrentMap<K, U>> Collector<T, ?, M> toConcurrentMap(
            Function<? super T, ? extends K> keyMapper, Function<? super T, ? extends U> valueMapper, BinaryOperator<U> mergeFunction,
            Supplier<M> mapFactory) {
        return new Impl<T, M, M>(mapFactory, (m, t) -> m.merge(keyMapper.apply(t), valueMapper.apply(t), mergeFunction), noCombiner(),
                setOf(Collector.Characteristics.CONCURRENT, Collector.Characteristics.UNORDERED, Collector.Characteristics.IDENTITY_FINISH));
    }

    public static <T, K> Collector<T, ?, java.util.concurrent.ConcurrentMap<K, List<T>>> groupingByConcurrent(
            Function<? super T, ? extends K> classifier) {
        return groupingByConcurrent(classifier, java.util.concurrent.ConcurrentHashMap::new, toList());
    }

    public static <T, K, A, D> Collector<T, ?, java.util.concurrent.ConcurrentMap<K, D>> groupingByConcurrent(
            Function<? super T, ? extends K> classifier, Collector<? super T, A, D> downstream) {
        return groupingByConcurrent(classifier, java.util.concurrent.ConcurrentHashMap::new, downstream);
    }

    public static <T, K, A, D, M extends java.util.concurrent.ConcurrentMap<K, D>> Collector<T, ?, M> groupingByConcurrent(
            Function<? super T, ? extends K> classifier, Supplier<M> mapFactory, Collector<? super T, A, D> downstream) {
        return groupingBy(classifier, mapFactory, downstream);
    }
}
