package java.lang;

public final class StringBuffer implements CharSequence, Comparable<StringBuffer>, java.io.Serializable {
    private char[] value;
    private int count;

    public StringBuffer() { value = new char[16]; }
    public StringBuffer(int capacity) {
        if (capacity < 0) throw new NegativeArraySizeException(String.valueOf(capacity));
        value = new char[capacity];
    }
    public StringBuffer(String s) {
        value = new char[s.length() + 16];
        append(s);
    }
    public StringBuffer(CharSequence s) {
        value = new char[s.length() + 16];
        append(s);
    }

    private void grow(int need) {
        if (need > value.length) {
            int n = value.length * 2 + 2;
            if (n < need) n = need;
            char[] v = new char[n];
            System.arraycopy(value, 0, v, 0, count);
            value = v;
        }
    }

    private StringIndexOutOfBoundsException bad(int index) {
        return new StringIndexOutOfBoundsException("index " + index + ", length " + count);
    }

    public synchronized int length() { return count; }
    public synchronized int capacity() { return value.length; }
    public synchronized void ensureCapacity(int n) { grow(n); }
    public synchronized void trimToSize() {}
    public boolean isEmpty() { return count == 0; }

    public synchronized void setLength(int n) {
        if (n < 0) throw new StringIndexOutOfBoundsException("String index out of range: " + n);
        grow(n);
        for (int i = count; i < n; i++) value[i] = '\0';
        count = n;
    }

    public synchronized char charAt(int i) {
        if (i < 0 || i >= count) throw bad(i);
        return value[i];
    }

    public synchronized int codePointAt(int i) { return Character.codePointAt(this, i); }

    public synchronized void setCharAt(int i, char c) {
        if (i < 0 || i >= count) throw bad(i);
        value[i] = c;
    }

    public synchronized void getChars(int srcBegin, int srcEnd, char[] dst, int dstBegin) {
        if (srcBegin < 0 || srcEnd > count || srcBegin > srcEnd) throw new StringIndexOutOfBoundsException("start " + srcBegin + ", end " + srcEnd + ", length " + count);
        System.arraycopy(value, srcBegin, dst, dstBegin, srcEnd - srcBegin);
    }

    public synchronized StringBuffer append(String s) {
        if (s == null) s = "null";
        int n = s.length();
        grow(count + n);
        for (int i = 0; i < n; i++) value[count + i] = s.charAt(i);
        count += n;
        return this;
    }

    public synchronized StringBuffer append(char c) {
        grow(count + 1);
        value[count++] = c;
        return this;
    }

    public synchronized StringBuffer append(Object o) { return append(String.valueOf(o)); }
    public synchronized StringBuffer append(StringBuilder sb) { return append(sb == null ? "null" : sb.toString()); }
    public synchronized StringBuffer append(CharSequence s) {
        if (s == null) return append("null");
        if (s instanceof String) return append((String) s);
        return append(s, 0, s.length());
    }
    public synchronized StringBuffer append(CharSequence s, int start, int end) {
        if (s == null) s = "null";
        if (start < 0 || start > end || end > s.length()) throw new IndexOutOfBoundsException("start " + start + ", end " + end + ", length " + s.length());
        grow(count + end - start);
        for (int i = start; i < end; i++) value[count++] = s.charAt(i);
        return this;
    }
    public synchronized StringBuffer append(char[] s) { return append(s, 0, s.length); }
    public synchronized StringBuffer append(char[] s, int off, int len) {
        grow(count + len);
        System.arraycopy(s, off, value, count, len);
        count += len;
        return this;
    }
    public synchronized StringBuffer append(boolean b) { return append(b ? "true" : "false"); }
    public synchronized StringBuffer append(int i) { return append(String.valueOf(i)); }
    public synchronized StringBuffer append(long l) { return append(String.valueOf(l)); }
    public synchronized StringBuffer append(float f) { return append(String.valueOf(f)); }
    public synchronized StringBuffer append(double d) { return append(String.valueOf(d)); }
    public synchronized StringBuffer appendCodePoint(int cp) {
        if (cp >= 0x10000) {
            append(Character.highSurrogate(cp));
            return append(Character.lowSurrogate(cp));
        }
        return append((char) cp);
    }

    public synchronized StringBuffer insert(int at, String s) {
        if (at < 0 || at > count) throw new StringIndexOutOfBoundsException("offset " + at + ", length " + count);
        if (s == null) s = "null";
        int n = s.length();
        grow(count + n);
        System.arraycopy(value, at, value, at + n, count - at);
        for (int i = 0; i < n; i++) value[at + i] = s.charAt(i);
        count += n;
        return this;
    }
    public synchronized StringBuffer insert(int at, char c) { return insert(at, String.valueOf(c)); }
    public synchronized StringBuffer insert(int at, Object o) { return insert(at, String.valueOf(o)); }
    public synchronized StringBuffer insert(int at, int i) { return insert(at, String.valueOf(i)); }
    public synchronized StringBuffer insert(int at, long l) { return insert(at, String.valueOf(l)); }
    public synchronized StringBuffer insert(int at, boolean b) { return insert(at, String.valueOf(b)); }
    public synchronized StringBuffer insert(int at, double d) { return insert(at, String.valueOf(d)); }
    public synchronized StringBuffer insert(int at, float f) { return insert(at, String.valueOf(f)); }
    public synchronized StringBuffer insert(int at, char[] s) { return insert(at, new String(s)); }
    public synchronized StringBuffer insert(int at, CharSequence s) { return insert(at, String.valueOf(s)); }
    public synchronized StringBuffer insert(int at, CharSequence s, int start, int end) {
        if (s == null) s = "null";
        if (at < 0 || at > count) throw new IndexOutOfBoundsException("offset " + at + ", length " + count);
        if (start < 0 || start > end || end > s.length()) throw new IndexOutOfBoundsException("start " + start + ", end " + end + ", length " + s.length());
        return insert(at, s.subSequence(start, end).toString());
    }
    public synchronized StringBuffer insert(int at, char[] s, int offset, int len) {
        if (at < 0 || at > count) throw new StringIndexOutOfBoundsException("offset " + at + ", length " + count);
        if (offset < 0 || len < 0 || offset > s.length - len) throw new StringIndexOutOfBoundsException("offset " + offset + ", len " + len + ", str.length " + s.length);
        return insert(at, new String(s, offset, len));
    }

    public synchronized StringBuffer delete(int start, int end) {
        if (end > count) end = count;
        if (start < 0 || start > end) throw new StringIndexOutOfBoundsException("start " + start + ", end " + end + ", length " + count);
        System.arraycopy(value, end, value, start, count - end);
        count -= end - start;
        return this;
    }

    public synchronized StringBuffer deleteCharAt(int i) {
        if (i < 0 || i >= count) throw bad(i);
        return delete(i, i + 1);
    }

    public synchronized StringBuffer replace(int start, int end, String s) {
        if (end > count) end = count;
        if (start < 0 || start > end) throw new StringIndexOutOfBoundsException("start " + start + ", end " + end + ", length " + count);
        delete(start, end);
        return insert(start, s);
    }

    public synchronized StringBuffer reverse() {
        for (int i = 0, j = count - 1; i < j; i++, j--) {
            char t = value[i];
            value[i] = value[j];
            value[j] = t;
        }
        // Surrogate pairs keep their order.
        for (int i = 0; i + 1 < count; i++) {
            if (Character.isLowSurrogate(value[i]) && Character.isHighSurrogate(value[i + 1])) {
                char t = value[i];
                value[i] = value[i + 1];
                value[i + 1] = t;
                i++;
            }
        }
        return this;
    }

    public synchronized int indexOf(String s) { return toString().indexOf(s); }
    public synchronized int indexOf(String s, int from) { return toString().indexOf(s, from); }
    public synchronized int lastIndexOf(String s) { return toString().lastIndexOf(s); }
    public synchronized int lastIndexOf(String s, int from) { return toString().lastIndexOf(s, from); }
    public synchronized String substring(int start) { return substring(start, count); }
    public synchronized String substring(int start, int end) {
        if (start < 0 || end > count || start > end) throw new StringIndexOutOfBoundsException("start " + start + ", end " + end + ", length " + count);
        return new String(value, start, end - start);
    }
    public java.util.stream.IntStream chars() { return java.util.stream.Sources.chars(this); }
    public java.util.stream.IntStream codePoints() { return java.util.stream.Sources.codePoints(this); }
    public synchronized CharSequence subSequence(int start, int end) { return substring(start, end); }

    public synchronized int compareTo(StringBuffer o) { return toString().compareTo(o.toString()); }
    public synchronized String toString() { return new String(value, 0, count); }
}
