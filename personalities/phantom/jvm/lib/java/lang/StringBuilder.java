package java.lang;

public final class StringBuilder implements CharSequence, Comparable<StringBuilder>, java.io.Serializable {
    private char[] value;
    private int count;

    public StringBuilder() { value = new char[16]; }
    public StringBuilder(int capacity) {
        if (capacity < 0) throw new NegativeArraySizeException(String.valueOf(capacity));
        value = new char[capacity];
    }
    public StringBuilder(String s) {
        value = new char[s.length() + 16];
        append(s);
    }
    public StringBuilder(CharSequence s) {
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

    public int length() { return count; }
    public int capacity() { return value.length; }
    public void ensureCapacity(int n) { grow(n); }
    public void trimToSize() {}
    public boolean isEmpty() { return count == 0; }

    public void setLength(int n) {
        if (n < 0) throw new StringIndexOutOfBoundsException("String index out of range: " + n);
        grow(n);
        for (int i = count; i < n; i++) value[i] = '\0';
        count = n;
    }

    public char charAt(int i) {
        if (i < 0 || i >= count) throw bad(i);
        return value[i];
    }

    public int codePointAt(int i) { return Character.codePointAt(this, i); }

    public void setCharAt(int i, char c) {
        if (i < 0 || i >= count) throw bad(i);
        value[i] = c;
    }

    public void getChars(int srcBegin, int srcEnd, char[] dst, int dstBegin) {
        if (srcBegin < 0 || srcEnd > count || srcBegin > srcEnd) throw new StringIndexOutOfBoundsException("start " + srcBegin + ", end " + srcEnd + ", length " + count);
        System.arraycopy(value, srcBegin, dst, dstBegin, srcEnd - srcBegin);
    }

    public StringBuilder append(String s) {
        if (s == null) s = "null";
        int n = s.length();
        grow(count + n);
        for (int i = 0; i < n; i++) value[count + i] = s.charAt(i);
        count += n;
        return this;
    }

    public StringBuilder append(char c) {
        grow(count + 1);
        value[count++] = c;
        return this;
    }

    public StringBuilder append(Object o) { return append(String.valueOf(o)); }
    public StringBuilder append(StringBuffer sb) { return append(sb == null ? "null" : sb.toString()); }
    public StringBuilder append(CharSequence s) {
        if (s == null) return append("null");
        if (s instanceof String) return append((String) s);
        return append(s, 0, s.length());
    }
    public StringBuilder append(CharSequence s, int start, int end) {
        if (s == null) s = "null";
        if (start < 0 || start > end || end > s.length()) throw new IndexOutOfBoundsException("start " + start + ", end " + end + ", length " + s.length());
        grow(count + end - start);
        for (int i = start; i < end; i++) value[count++] = s.charAt(i);
        return this;
    }
    public StringBuilder append(char[] s) { return append(s, 0, s.length); }
    public StringBuilder append(char[] s, int off, int len) {
        grow(count + len);
        System.arraycopy(s, off, value, count, len);
        count += len;
        return this;
    }
    public StringBuilder append(boolean b) { return append(b ? "true" : "false"); }
    public StringBuilder append(int i) { return append(String.valueOf(i)); }
    public StringBuilder append(long l) { return append(String.valueOf(l)); }
    public StringBuilder append(float f) { return append(String.valueOf(f)); }
    public StringBuilder append(double d) { return append(String.valueOf(d)); }
    public StringBuilder appendCodePoint(int cp) {
        if (cp >= 0x10000) {
            append(Character.highSurrogate(cp));
            return append(Character.lowSurrogate(cp));
        }
        return append((char) cp);
    }

    public StringBuilder insert(int at, String s) {
        if (at < 0 || at > count) throw new StringIndexOutOfBoundsException("offset " + at + ", length " + count);
        if (s == null) s = "null";
        int n = s.length();
        grow(count + n);
        System.arraycopy(value, at, value, at + n, count - at);
        for (int i = 0; i < n; i++) value[at + i] = s.charAt(i);
        count += n;
        return this;
    }
    public StringBuilder insert(int at, char c) { return insert(at, String.valueOf(c)); }
    public StringBuilder insert(int at, Object o) { return insert(at, String.valueOf(o)); }
    public StringBuilder insert(int at, int i) { return insert(at, String.valueOf(i)); }
    public StringBuilder insert(int at, long l) { return insert(at, String.valueOf(l)); }
    public StringBuilder insert(int at, boolean b) { return insert(at, String.valueOf(b)); }
    public StringBuilder insert(int at, double d) { return insert(at, String.valueOf(d)); }
    public StringBuilder insert(int at, float f) { return insert(at, String.valueOf(f)); }
    public StringBuilder insert(int at, char[] s) { return insert(at, new String(s)); }
    public StringBuilder insert(int at, CharSequence s) { return insert(at, String.valueOf(s)); }
    public StringBuilder insert(int at, CharSequence s, int start, int end) {
        if (s == null) s = "null";
        if (at < 0 || at > count) throw new IndexOutOfBoundsException("offset " + at + ", length " + count);
        if (start < 0 || start > end || end > s.length()) throw new IndexOutOfBoundsException("start " + start + ", end " + end + ", length " + s.length());
        return insert(at, s.subSequence(start, end).toString());
    }
    public StringBuilder insert(int at, char[] s, int offset, int len) {
        if (at < 0 || at > count) throw new StringIndexOutOfBoundsException("offset " + at + ", length " + count);
        if (offset < 0 || len < 0 || offset > s.length - len) throw new StringIndexOutOfBoundsException("offset " + offset + ", len " + len + ", str.length " + s.length);
        return insert(at, new String(s, offset, len));
    }

    public StringBuilder delete(int start, int end) {
        if (end > count) end = count;
        if (start < 0 || start > end) throw new StringIndexOutOfBoundsException("start " + start + ", end " + end + ", length " + count);
        System.arraycopy(value, end, value, start, count - end);
        count -= end - start;
        return this;
    }

    public StringBuilder deleteCharAt(int i) {
        if (i < 0 || i >= count) throw bad(i);
        return delete(i, i + 1);
    }

    public StringBuilder replace(int start, int end, String s) {
        if (end > count) end = count;
        if (start < 0 || start > end) throw new StringIndexOutOfBoundsException("start " + start + ", end " + end + ", length " + count);
        delete(start, end);
        return insert(start, s);
    }

    public StringBuilder reverse() {
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

    public int indexOf(String s) { return toString().indexOf(s); }
    public int indexOf(String s, int from) { return toString().indexOf(s, from); }
    public int lastIndexOf(String s) { return toString().lastIndexOf(s); }
    public int lastIndexOf(String s, int from) { return toString().lastIndexOf(s, from); }
    public String substring(int start) { return substring(start, count); }
    public String substring(int start, int end) {
        if (start < 0 || end > count || start > end) throw new StringIndexOutOfBoundsException("start " + start + ", end " + end + ", length " + count);
        return new String(value, start, end - start);
    }
    public java.util.stream.IntStream chars() { return java.util.stream.Sources.chars(this); }
    public java.util.stream.IntStream codePoints() { return java.util.stream.Sources.codePoints(this); }
    public CharSequence subSequence(int start, int end) { return substring(start, end); }

    public int compareTo(StringBuilder o) { return toString().compareTo(o.toString()); }
    public String toString() { return new String(value, 0, count); }
}
