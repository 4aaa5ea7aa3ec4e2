package java.util.function;

@FunctionalInterface
public interface DoubleUnaryOperator {
    double applyAsDouble(double operand);
    default DoubleUnaryOperator andThen(DoubleUnaryOperator after) { return v -> after.applyAsDouble(applyAsDouble(v)); }
    default DoubleUnaryOperator compose(DoubleUnaryOperator before) { return v -> applyAsDouble(before.applyAsDouble(v)); }
    static DoubleUnaryOperator identity() { return v -> v; }
}
