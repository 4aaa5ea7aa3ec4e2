package java.util.stream;

import java.util.Collection;
import java.util.Iterator;

/**
 * Streams over the class library's data: collections, arrays, strings.
 * (Not part of the JDK's API: java.util and java.lang reach the stream
 * implementation through it.)
 */
public final class Sources {
    private Sources() {}

    public static <T> Stream<T> of(Collection<T> c) { return RefPipe.ofCollection(c); }

    /** A stream of the iterator's elements; {@code size} is their number, or -1 if not known. */
    public static <T> Stream<T> of(Iterator<T> it, long size) { return RefPipe.of(it, size); }

    public static <T> Stream<T> of(T[] a, int from, int to) { return RefPipe.ofArray(a, from, to); }

    public static IntStream of(int[] a, int from, int to) { return IntPipe.ofArray(a, from, to); }

    public static LongStream of(long[] a, int from, int to) { return LongPipe.ofArray(a, from, to); }

    public static DoubleStream of(double[] a, int from, int to) { return DoublePipe.ofArray(a, from, to); }

    public static IntStream chars(CharSequence s) { return IntPipe.chars(s); }

    public static IntStream codePoints(CharSequence s) { return IntPipe.codePoints(s); }
}
