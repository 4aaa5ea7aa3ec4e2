package java.util;

public final class StringJoiner {
    private final String prefix, delimiter, suffix;
    private StringBuilder value;
    private String emptyValue;

    public StringJoiner(CharSequence delimiter) { this(delimiter, "", ""); }
    public StringJoiner(CharSequence delimiter, CharSequence prefix, CharSequence suffix) {
        this.prefix = prefix.toString();
        this.delimiter = delimiter.toString();
        this.suffix = suffix.toString();
        this.emptyValue = this.prefix + this.suffix;
    }
    public StringJoiner setEmptyValue(CharSequence e) {
        emptyValue = e.toString();
        return this;
    }
    public StringJoiner add(CharSequence s) {
        if (value == null) value = new StringBuilder().append(prefix);
        else value.append(delimiter);
        value.append(s);
        return this;
    }
    public StringJoiner merge(StringJoiner other) {
        Objects.requireNonNull(other);
        if (other.value == null) return this;
        String rest = other.value.substring(other.prefix.length());
        if (value == null) value = new StringBuilder().append(prefix);
        else value.append(delimiter);
        value.append(rest);
        return this;
    }
    public int length() { return value == null ? emptyValue.length() : value.length() + suffix.length(); }
    public String toString() { return value == null ? emptyValue : value.toString() + suffix; }
}
