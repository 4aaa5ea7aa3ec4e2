package java.util;

import java.util.stream.IntStream;

/** A growing vector of bits, in 64-bit words (sized and grown as the JDK's, so size() agrees). */
public class BitSet implements Cloneable, java.io.Serializable {
    private long[] words;
    /** The number of words holding a set bit, at most (the words above are zero). */
    private int wordsInUse;
    private boolean sizeIsSticky;

    public BitSet() { words = new long[1]; }

    public BitSet(int nbits) {
        if (nbits < 0) throw new NegativeArraySizeException("nbits < 0: " + nbits);
        words = new long[wordIndex(nbits - 1) + 1];
        sizeIsSticky = true;
    }

    private BitSet(long[] words) {
        this.words = words;
        wordsInUse = words.length;
        recalculateWordsInUse();
    }

    public static BitSet valueOf(long[] longs) {
        int n = longs.length;
        while (n > 0 && longs[n - 1] == 0) n--;
        return new BitSet(Arrays.copyOf(longs, n));
    }

    public long[] toLongArray() { return Arrays.copyOf(words, wordsInUse); }

    private static int wordIndex(int bitIndex) { return bitIndex >> 6; }

    private void recalculateWordsInUse() {
        int i = wordsInUse - 1;
        while (i >= 0 && words[i] == 0) i--;
        wordsInUse = i + 1;
    }

    private void ensureCapacity(int wordsRequired) {
        if (words.length < wordsRequired) {
            words = Arrays.copyOf(words, Math.max(2 * words.length, wordsRequired));
            sizeIsSticky = false;
        }
    }

    private void expandTo(int wordIndex) {
        int required = wordIndex + 1;
        if (wordsInUse < required) {
            ensureCapacity(required);
            wordsInUse = required;
        }
    }

    private static void checkRange(int from, int to) {
        if (from < 0) throw new IndexOutOfBoundsException("fromIndex < 0: " + from);
        if (to < 0) throw new IndexOutOfBoundsException("toIndex < 0: " + to);
        if (from > to) throw new IndexOutOfBoundsException("fromIndex: " + from + " > toIndex: " + to);
    }

    public void flip(int bitIndex) {
        if (bitIndex < 0) throw new IndexOutOfBoundsException("bitIndex < 0: " + bitIndex);
        int w = wordIndex(bitIndex);
        expandTo(w);
        words[w] ^= (1L << bitIndex);
        recalculateWordsInUse();
    }

    public void flip(int from, int to) {
        checkRange(from, to);
        for (int i = from; i < to; i++) flip(i);
    }

    public void set(int bitIndex) {
        if (bitIndex < 0) throw new IndexOutOfBoundsException("bitIndex < 0: " + bitIndex);
        int w = wordIndex(bitIndex);
        expandTo(w);
        words[w] |= (1L << bitIndex);
    }

    public void set(int bitIndex, boolean value) {
        if (value) set(bitIndex);
        else clear(bitIndex);
    }

    public void set(int from, int to) {
        checkRange(from, to);
        for (int i = from; i < to; i++) set(i);
    }

    public void set(int from, int to, boolean value) {
        if (value) set(from, to);
        else clear(from, to);
    }

    public void clear(int bitIndex) {
        if (bitIndex < 0) throw new IndexOutOfBoundsException("bitIndex < 0: " + bitIndex);
        int w = wordIndex(bitIndex);
        if (w >= wordsInUse) return;
        words[w] &= ~(1L << bitIndex);
        recalculateWordsInUse();
    }

    public void clear(int from, int to) {
        checkRange(from, to);
        for (int i = from; i < to && wordIndex(i) < wordsInUse; i++) clear(i);
    }

    public void clear() {
        while (wordsInUse > 0) words[--wordsInUse] = 0;
    }

    public boolean get(int bitIndex) {
        if (bitIndex < 0) throw new IndexOutOfBoundsException("bitIndex < 0: " + bitIndex);
        int w = wordIndex(bitIndex);
        return w < wordsInUse && (words[w] & (1L << bitIndex)) != 0;
    }

    public BitSet get(int from, int to) {
        checkRange(from, to);
        BitSet r = new BitSet(Math.max(0, to - from));
        for (int i = nextSetBit(from); i >= 0 && i < to; i = nextSetBit(i + 1)) r.set(i - from);
        return r;
    }

    public int nextSetBit(int from) {
        if (from < 0) throw new IndexOutOfBoundsException("fromIndex < 0: " + from);
        int u = wordIndex(from);
        if (u >= wordsInUse) return -1;
        long word = words[u] & (-1L << from);
        while (true) {
            if (word != 0) return (u * 64) + Long.numberOfTrailingZeros(word);
            if (++u == wordsInUse) return -1;
            word = words[u];
        }
    }

    public int nextClearBit(int from) {
        if (from < 0) throw new IndexOutOfBoundsException("fromIndex < 0: " + from);
        int i = from;
        while (get(i)) i++;
        return i;
    }

    public int previousSetBit(int from) {
        if (from < 0) {
            if (from == -1) return -1;
            throw new IndexOutOfBoundsException("fromIndex < -1: " + from);
        }
        for (int i = from; i >= 0; i--) if (get(i)) return i;
        return -1;
    }

    public int previousClearBit(int from) {
        if (from < 0) {
            if (from == -1) return -1;
            throw new IndexOutOfBoundsException("fromIndex < -1: " + from);
        }
        for (int i = from; i >= 0; i--) if (!get(i)) return i;
        return -1;
    }

    public int length() {
        if (wordsInUse == 0) return 0;
        return 64 * (wordsInUse - 1) + (64 - Long.numberOfLeadingZeros(words[wordsInUse - 1]));
    }

    public boolean isEmpty() { return wordsInUse == 0; }

    public boolean intersects(BitSet set) {
        for (int i = Math.min(wordsInUse, set.wordsInUse) - 1; i >= 0; i--) if ((words[i] & set.words[i]) != 0) return true;
        return false;
    }

    public int cardinality() {
        int sum = 0;
        for (int i = 0; i < wordsInUse; i++) sum += Long.bitCount(words[i]);
        return sum;
    }

    public void and(BitSet set) {
        if (this == set) return;
        while (wordsInUse > set.wordsInUse) words[--wordsInUse] = 0;
        for (int i = 0; i < wordsInUse; i++) words[i] &= set.words[i];
        recalculateWordsInUse();
    }

    public void or(BitSet set) {
        if (this == set) return;
        int common = Math.min(wordsInUse, set.wordsInUse);
        if (wordsInUse < set.wordsInUse) {
            ensureCapacity(set.wordsInUse);
            wordsInUse = set.wordsInUse;
        }
        for (int i = 0; i < common; i++) words[i] |= set.words[i];
        if (common < set.wordsInUse) System.arraycopy(set.words, common, words, common, wordsInUse - common);
    }

    public void xor(BitSet set) {
        int common = Math.min(wordsInUse, set.wordsInUse);
        if (wordsInUse < set.wordsInUse) {
            ensureCapacity(set.wordsInUse);
            wordsInUse = set.wordsInUse;
        }
        for (int i = 0; i < common; i++) words[i] ^= set.words[i];
        if (common < set.wordsInUse) System.arraycopy(set.words, common, words, common, set.wordsInUse - common);
        recalculateWordsInUse();
    }

    public void andNot(BitSet set) {
        for (int i = Math.min(wordsInUse, set.wordsInUse) - 1; i >= 0; i--) words[i] &= ~set.words[i];
        recalculateWordsInUse();
    }

    public int size() { return words.length * 64; }

    public IntStream stream() {
        IntStream.Builder b = IntStream.builder();
        for (int i = nextSetBit(0); i >= 0; i = nextSetBit(i + 1)) b.add(i);
        return b.build();
    }

    public int hashCode() {
        long h = 1234;
        for (int i = wordsInUse; --i >= 0;) h ^= words[i] * (i + 1);
        return (int) ((h >> 32) ^ h);
    }

    public boolean equals(Object obj) {
        if (!(obj instanceof BitSet)) return false;
        if (this == obj) return true;
        BitSet set = (BitSet) obj;
        if (wordsInUse != set.wordsInUse) return false;
        for (int i = 0; i < wordsInUse; i++) if (words[i] != set.words[i]) return false;
        return true;
    }

    public Object clone() {
        if (!sizeIsSticky && wordsInUse != words.length) words = Arrays.copyOf(words, wordsInUse);
        BitSet r = new BitSet(words.clone());
        r.wordsInUse = wordsInUse;
        r.sizeIsSticky = sizeIsSticky;
        return r;
    }

    public String toString() {
        StringBuilder b = new StringBuilder("{");
        int i = nextSetBit(0);
        if (i != -1) {
            b.append(i);
            for (i = nextSetBit(i + 1); i >= 0; i = nextSetBit(i + 1)) b.append(", ").append(i);
        }
        return b.append('}').toString();
    }
}
