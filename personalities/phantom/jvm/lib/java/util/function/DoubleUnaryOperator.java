package java.util.function;

@FunctionalInterface
public interface DoubleUnaryOperator {
    double applyAsDouble(double operand);
    static DoubleUnaryOperator identity() { return v -> v; }
}
