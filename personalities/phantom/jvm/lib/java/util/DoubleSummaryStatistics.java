package java.util;

import java.util.function.DoubleConsumer;

public class DoubleSummaryStatistics implements DoubleConsumer {
    private long count;
    // A compensated (Kahan) sum, its running error, and the plain sum for
    // when the compensated one turns into NaN through infinities.
    private double sum;
    private double error;
    private double simpleSum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public DoubleSummaryStatistics() {}

    public DoubleSummaryStatistics(long count, double min, double max, double sum) {
        if (count < 0L) throw new IllegalArgumentException("Negative count value");
        if (count > 0L) {
            if (min > max) throw new IllegalArgumentException("Minimum greater than maximum");
            long ncount = 0;
            if (Double.isNaN(min)) ncount++;
            if (Double.isNaN(max)) ncount++;
            if (Double.isNaN(sum)) ncount++;
            if (ncount > 0 && ncount < 3) throw new IllegalArgumentException("Some, not all, of the minimum, maximum, or sum is NaN");
            this.count = count;
            this.sum = sum;
            this.simpleSum = sum;
            this.min = min;
            this.max = max;
        }
    }

    public void accept(double value) {
        count++;
        simpleSum += value;
        addCompensated(value);
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public void combine(DoubleSummaryStatistics other) {
        count += other.count;
        simpleSum += other.simpleSum;
        addCompensated(other.sum);
        addCompensated(-other.error);
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    private void addCompensated(double value) {
        double y = value - error;
        double t = sum + y;
        error = (t - sum) - y;
        sum = t;
    }

    public final long getCount() { return count; }

    public final double getSum() {
        double s = sum - error;
        if (Double.isNaN(s) && Double.isInfinite(simpleSum)) return simpleSum;
        return s;
    }

    public final double getMin() { return min; }
    public final double getMax() { return max; }
    public final double getAverage() { return getCount() > 0 ? getSum() / getCount() : 0.0d; }

    public String toString() {
        return String.format("%s{count=%d, sum=%f, min=%f, average=%f, max=%f}",
                "DoubleSummaryStatistics", getCount(), getSum(), getMin(), getAverage(), getMax());
    }
}
