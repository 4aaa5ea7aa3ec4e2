package java.util.concurrent;

public enum TimeUnit {
    NANOSECONDS(1L),
    MICROSECONDS(1000L),
    MILLISECONDS(1000L * 1000L),
    SECONDS(1000L * 1000L * 1000L),
    MINUTES(60L * 1000L * 1000L * 1000L),
    HOURS(60L * 60L * 1000L * 1000L * 1000L),
    DAYS(24L * 60L * 60L * 1000L * 1000L * 1000L);

    /** The unit in nanoseconds. */
    private final long scale;

    TimeUnit(long scale) { this.scale = scale; }

    /** d units of `from` in units of `to`, saturated at Long.MIN_VALUE/MAX_VALUE. */
    private static long cvt(long d, long from, long to) {
        if (from == to) return d;
        if (from < to) return d / (to / from);
        long r = from / to;
        long max = Long.MAX_VALUE / r;
        if (d > max) return Long.MAX_VALUE;
        if (d < -max) return Long.MIN_VALUE;
        return d * r;
    }

    public long convert(long sourceDuration, TimeUnit sourceUnit) { return cvt(sourceDuration, sourceUnit.scale, scale); }
    public long toNanos(long duration) { return cvt(duration, scale, NANOSECONDS.scale); }
    public long toMicros(long duration) { return cvt(duration, scale, MICROSECONDS.scale); }
    public long toMillis(long duration) { return cvt(duration, scale, MILLISECONDS.scale); }
    public long toSeconds(long duration) { return cvt(duration, scale, SECONDS.scale); }
    public long toMinutes(long duration) { return cvt(duration, scale, MINUTES.scale); }
    public long toHours(long duration) { return cvt(duration, scale, HOURS.scale); }
    public long toDays(long duration) { return cvt(duration, scale, DAYS.scale); }

    public void sleep(long timeout) throws InterruptedException {
        if (timeout > 0) Thread.sleep(toMillis(timeout));
    }

    public void timedJoin(Thread thread, long timeout) throws InterruptedException {
        if (timeout > 0) thread.join(Math.max(1L, toMillis(timeout)));
    }

    public void timedWait(Object obj, long timeout) throws InterruptedException {
        if (timeout > 0) obj.wait(Math.max(1L, toMillis(timeout)));
    }
}
