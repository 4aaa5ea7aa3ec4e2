package java.util.concurrent;

import java.util.ArrayList;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A future completed by whoever calls complete, with stages that run when
 * it completes: in the completing thread (or, if it is already complete,
 * in the thread adding the stage), or for the *Async forms in an executor.
 * The default executor starts a daemon thread per task (as the JDK's does
 * when it has at most two processors). Dependent stages of one future run
 * last-added first, as with the JDK.
 */
public class CompletableFuture<T> implements Future<T>, CompletionStage<T> {
    /** An exceptional result, or (ex == null) the value null. */
    static final class AltResult {
        final Throwable ex;

        AltResult(Throwable ex) { this.ex = ex; }
    }

    static final AltResult NIL = new AltResult(null);

    private static final Executor ASYNC = r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
    };

    // Under the future's monitor.
    private Object result;
    private ArrayList<Runnable> dependents;

    public CompletableFuture() {}

    CompletableFuture(Object r) { result = r; }

    // ------------------------------------------------------------ internals

    static Object encodeValue(Object v) { return v == null ? NIL : v; }

    /** A thrown exception as a result: wrapped in a CompletionException. */
    static AltResult encodeThrowable(Throwable x) {
        return new AltResult(x instanceof CompletionException ? x : new CompletionException(x));
    }

    /** The exceptional result `r` of a source as the result of a stage depending on it. */
    static Object encodeRelay(Object r) {
        Throwable x = ((AltResult) r).ex;
        return x instanceof CompletionException ? r : new AltResult(new CompletionException(x));
    }

    static boolean isExceptional(Object r) { return r instanceof AltResult && ((AltResult) r).ex != null; }

    @SuppressWarnings("unchecked")
    static <V> V valueOf(Object r) { return r instanceof AltResult ? null : (V) r; }

    static Throwable exceptionOf(Object r) { return r instanceof AltResult ? ((AltResult) r).ex : null; }

    synchronized Object rawResult() { return result; }

    /** Sets the result if there is none yet, then runs the dependents (last added first). */
    final boolean completeRaw(Object r) {
        ArrayList<Runnable> deps;
        synchronized (this) {
            if (result != null) return false;
            result = r;
            deps = dependents;
            dependents = null;
            notifyAll();
        }
        if (deps != null) for (int i = deps.size() - 1; i >= 0; i--) deps.get(i).run();
        return true;
    }

    /** Runs `action` once this is complete: now if it is. */
    final void whenDone(Runnable action) {
        synchronized (this) {
            if (result == null) {
                if (dependents == null) dependents = new ArrayList<>();
                dependents.add(action);
                return;
            }
        }
        action.run();
    }

    /** Runs `body` in `e`, or here when e is null; if e refuses it, d fails. */
    static void runIn(Executor e, CompletableFuture<?> d, Runnable body) {
        if (e == null) {
            body.run();
            return;
        }
        try {
            e.execute(body);
        } catch (Throwable x) {
            d.completeRaw(encodeThrowable(x));
        }
    }

    static Executor screen(Executor e) {
        if (e == null) throw new NullPointerException();
        return e;
    }

    /** A stage computing its value from this one's, failing with this one's exception. */
    private <U> CompletableFuture<U> uniStage(Executor e, Function<Object, Object> body) {
        CompletableFuture<U> d = newIncompleteFuture();
        whenDone(() -> {
            Object r = rawResult();
            if (isExceptional(r)) {
                d.completeRaw(encodeRelay(r));
                return;
            }
            runIn(e, d, () -> {
                try {
                    d.completeRaw(body.apply(r));
                } catch (Throwable x) {
                    d.completeRaw(encodeThrowable(x));
                }
            });
        });
        return d;
    }

    /** A stage computed from this one's result, whatever it is. */
    private <U> CompletableFuture<U> anyResultStage(Executor e, Function<Object, Object> body) {
        CompletableFuture<U> d = newIncompleteFuture();
        whenDone(() -> runIn(e, d, () -> {
            try {
                d.completeRaw(body.apply(rawResult()));
            } catch (Throwable x) {
                d.completeRaw(encodeThrowable(x));
            }
        }));
        return d;
    }

    /** A stage computed from both results once both are there. */
    private <U> CompletableFuture<U> biStage(CompletionStage<?> o, Executor e, BiFunction<Object, Object, Object> body) {
        CompletableFuture<?> b = o.toCompletableFuture();
        CompletableFuture<U> d = newIncompleteFuture();
        whenDone(() -> b.whenDone(() -> {
            Object r = rawResult();
            Object s = b.rawResult();
            if (isExceptional(r)) {
                d.completeRaw(encodeRelay(r));
                return;
            }
            if (isExceptional(s)) {
                d.completeRaw(encodeRelay(s));
                return;
            }
            runIn(e, d, () -> {
                try {
                    d.completeRaw(body.apply(r, s));
                } catch (Throwable x) {
                    d.completeRaw(encodeThrowable(x));
                }
            });
        }));
        return d;
    }

    /** A stage computed from the first of the two results. */
    private <U> CompletableFuture<U> eitherStage(CompletionStage<?> o, Executor e, Function<Object, Object> body) {
        CompletableFuture<?> b = o.toCompletableFuture();
        CompletableFuture<U> d = newIncompleteFuture();
        Object lock = new Object();
        boolean[] fired = new boolean[1];
        Runnable fire = () -> {
            Object r = rawResult();
            if (r == null) r = b.rawResult();
            synchronized (lock) {
                if (fired[0]) return;
                fired[0] = true;
            }
            if (isExceptional(r)) {
                d.completeRaw(encodeRelay(r));
                return;
            }
            Object v = r;
            runIn(e, d, () -> {
                try {
                    d.completeRaw(body.apply(v));
                } catch (Throwable x) {
                    d.completeRaw(encodeThrowable(x));
                }
            });
        };
        whenDone(fire);
        b.whenDone(fire);
        return d;
    }

    // --------------------------------------------------------------- making

    public static <U> CompletableFuture<U> supplyAsync(Supplier<U> supplier) { return supplyAsync(supplier, ASYNC); }

    public static <U> CompletableFuture<U> supplyAsync(Supplier<U> supplier, Executor executor) {
        Objects.requireNonNull(supplier);
        CompletableFuture<U> d = new CompletableFuture<>();
        runIn(screen(executor), d, () -> {
            try {
                d.completeRaw(encodeValue(supplier.get()));
            } catch (Throwable x) {
                d.completeRaw(encodeThrowable(x));
            }
        });
        return d;
    }

    public static CompletableFuture<Void> runAsync(Runnable runnable) { return runAsync(runnable, ASYNC); }

    public static CompletableFuture<Void> runAsync(Runnable runnable, Executor executor) {
        Objects.requireNonNull(runnable);
        CompletableFuture<Void> d = new CompletableFuture<>();
        runIn(screen(executor), d, () -> {
            try {
                runnable.run();
                d.completeRaw(NIL);
            } catch (Throwable x) {
                d.completeRaw(encodeThrowable(x));
            }
        });
        return d;
    }

    public static <U> CompletableFuture<U> completedFuture(U value) { return new CompletableFuture<U>(encodeValue(value)); }

    public static <U> CompletableFuture<U> failedFuture(Throwable ex) {
        return new CompletableFuture<U>(new AltResult(Objects.requireNonNull(ex)));
    }

    public static <U> CompletionStage<U> completedStage(U value) { return completedFuture(value); }

    public static <U> CompletionStage<U> failedStage(Throwable ex) { return failedFuture(ex); }

    /** Completes when all have: exceptionally (with the first failed one's exception, in argument order) if any failed. */
    public static CompletableFuture<Void> allOf(CompletableFuture<?>... cfs) {
        CompletableFuture<Void> d = new CompletableFuture<>();
        int[] left = {cfs.length};
        if (cfs.length == 0) {
            d.completeRaw(NIL);
            return d;
        }
        Object lock = new Object();
        for (CompletableFuture<?> f : cfs) {
            f.whenDone(() -> {
                synchronized (lock) {
                    if (--left[0] > 0) return;
                }
                for (CompletableFuture<?> g : cfs) {
                    Object r = g.rawResult();
                    if (isExceptional(r)) {
                        d.completeRaw(encodeRelay(r));
                        return;
                    }
                }
                d.completeRaw(NIL);
            });
        }
        return d;
    }

    /** Completes as the first of them to complete does. */
    public static CompletableFuture<Object> anyOf(CompletableFuture<?>... cfs) {
        CompletableFuture<Object> d = new CompletableFuture<>();
        for (CompletableFuture<?> f : cfs) {
            Object r = f.rawResult();
            if (r != null) {
                d.completeRaw(isExceptional(r) ? encodeRelay(r) : r);
                return d;
            }
        }
        for (CompletableFuture<?> f : cfs) {
            f.whenDone(() -> {
                Object r = f.rawResult();
                d.completeRaw(isExceptional(r) ? encodeRelay(r) : r);
            });
        }
        return d;
    }

    public <U> CompletableFuture<U> newIncompleteFuture() { return new CompletableFuture<U>(); }

    public Executor defaultExecutor() { return ASYNC; }

    public CompletableFuture<T> copy() { return uniStage(null, r -> r); }

    public CompletionStage<T> minimalCompletionStage() { return copy(); }

    public CompletableFuture<T> toCompletableFuture() { return this; }

    // ------------------------------------------------------------ completing

    public boolean complete(T value) { return completeRaw(encodeValue(value)); }

    public boolean completeExceptionally(Throwable ex) { return completeRaw(new AltResult(Objects.requireNonNull(ex))); }

    public boolean cancel(boolean mayInterruptIfRunning) {
        completeRaw(new AltResult(new CancellationException()));
        return isCancelled();
    }

    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        Objects.requireNonNull(supplier);
        runIn(screen(executor), this, () -> {
            try {
                complete(supplier.get());
            } catch (Throwable x) {
                completeRaw(encodeThrowable(x));
            }
        });
        return this;
    }

    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) { return completeAsync(supplier, ASYNC); }

    public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
        long ms = Math.max(1L, unit.toMillis(timeout));
        if (rawResult() == null) {
            ASYNC.execute(() -> {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    return;
                }
                completeRaw(new AltResult(new TimeoutException()));
            });
        }
        return this;
    }

    public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        long ms = Math.max(1L, unit.toMillis(timeout));
        if (rawResult() == null) {
            ASYNC.execute(() -> {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    return;
                }
                complete(value);
            });
        }
        return this;
    }

    public void obtrudeValue(T value) {
        synchronized (this) {
            result = encodeValue(value);
            notifyAll();
        }
    }

    public void obtrudeException(Throwable ex) {
        Objects.requireNonNull(ex);
        synchronized (this) {
            result = new AltResult(ex);
            notifyAll();
        }
    }

    // --------------------------------------------------------------- reading

    public synchronized boolean isDone() { return result != null; }

    public synchronized boolean isCancelled() { return result instanceof AltResult && ((AltResult) result).ex instanceof CancellationException; }

    public synchronized boolean isCompletedExceptionally() { return isExceptional(result); }

    private synchronized Object waitResult() throws InterruptedException {
        while (result == null) wait();
        return result;
    }

    private static <V> V reportGet(Object r) throws ExecutionException {
        Throwable x = exceptionOf(r);
        if (x == null) return valueOf(r);
        if (x instanceof CancellationException) throw (CancellationException) x;
        if (x instanceof CompletionException && x.getCause() != null) x = x.getCause();
        throw new ExecutionException(x);
    }

    private static <V> V reportJoin(Object r) {
        Throwable x = exceptionOf(r);
        if (x == null) return valueOf(r);
        if (x instanceof CancellationException) throw (CancellationException) x;
        if (x instanceof CompletionException) throw (CompletionException) x;
        throw new CompletionException(x);
    }

    public T get() throws InterruptedException, ExecutionException { return reportGet(waitResult()); }

    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        Object r;
        synchronized (this) {
            while (result == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new TimeoutException();
                wait(Math.max(1L, left / 1000000L));
            }
            r = result;
        }
        return reportGet(r);
    }

    public T join() {
        Object r;
        synchronized (this) {
            while (result == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // join is not interruptible
                }
            }
            r = result;
        }
        return reportJoin(r);
    }

    public T getNow(T valueIfAbsent) {
        Object r = rawResult();
        return r == null ? valueIfAbsent : reportJoin(r);
    }

    public T resultNow() {
        Object r = rawResult();
        if (r == null || isExceptional(r)) throw new IllegalStateException();
        return valueOf(r);
    }

    public synchronized int getNumberOfDependents() { return dependents == null ? 0 : dependents.size(); }

    public String toString() {
        Object r;
        int n;
        synchronized (this) {
            r = result;
            n = dependents == null ? 0 : dependents.size();
        }
        String state;
        if (r == null) state = n == 0 ? "[Incomplete]" : "[Incomplete with " + n + " dependents]";
        else if (isExceptional(r)) state = "[Completed exceptionally: " + ((AltResult) r).ex + "]";
        else state = "[Completed normally]";
        return super.toString() + state;
    }

    // ---------------------------------------------------------------- stages

    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) { return thenApply0(null, fn); }
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) { return thenApply0(ASYNC, fn); }
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) { return thenApply0(screen(executor), fn); }

    private <U> CompletableFuture<U> thenApply0(Executor e, Function<? super T, ? extends U> fn) {
        Objects.requireNonNull(fn);
        return uniStage(e, r -> encodeValue(fn.apply(valueOf(r))));
    }

    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) { return thenAccept0(null, action); }
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) { return thenAccept0(ASYNC, action); }
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) { return thenAccept0(screen(executor), action); }

    private CompletableFuture<Void> thenAccept0(Executor e, Consumer<? super T> action) {
        Objects.requireNonNull(action);
        return uniStage(e, r -> {
            action.accept(valueOf(r));
            return NIL;
        });
    }

    public CompletableFuture<Void> thenRun(Runnable action) { return thenRun0(null, action); }
    public CompletableFuture<Void> thenRunAsync(Runnable action) { return thenRun0(ASYNC, action); }
    public CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) { return thenRun0(screen(executor), action); }

    private CompletableFuture<Void> thenRun0(Executor e, Runnable action) {
        Objects.requireNonNull(action);
        return uniStage(e, r -> {
            action.run();
            return NIL;
        });
    }

    public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombine0(other, null, fn);
    }
    public <U, V> CompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return thenCombine0(other, ASYNC, fn);
    }
    public <U, V> CompletableFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn,
            Executor executor) {
        return thenCombine0(other, screen(executor), fn);
    }

    private <U, V> CompletableFuture<V> thenCombine0(CompletionStage<? extends U> other, Executor e, BiFunction<? super T, ? super U, ? extends V> fn) {
        Objects.requireNonNull(fn);
        return biStage(other, e, (r, s) -> encodeValue(fn.apply(valueOf(r), valueOf(s))));
    }

    public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return thenAcceptBoth0(other, null, action);
    }
    public <U> CompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return thenAcceptBoth0(other, ASYNC, action);
    }
    public <U> CompletableFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action,
            Executor executor) {
        return thenAcceptBoth0(other, screen(executor), action);
    }

    private <U> CompletableFuture<Void> thenAcceptBoth0(CompletionStage<? extends U> other, Executor e, BiConsumer<? super T, ? super U> action) {
        Objects.requireNonNull(action);
        return biStage(other, e, (r, s) -> {
            action.accept(valueOf(r), valueOf(s));
            return NIL;
        });
    }

    public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) { return runAfterBoth0(other, null, action); }
    public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) { return runAfterBoth0(other, ASYNC, action); }
    public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return runAfterBoth0(other, screen(executor), action);
    }

    private CompletableFuture<Void> runAfterBoth0(CompletionStage<?> other, Executor e, Runnable action) {
        Objects.requireNonNull(action);
        return biStage(other, e, (r, s) -> {
            action.run();
            return NIL;
        });
    }

    public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) { return applyToEither0(other, null, fn); }
    public <U> CompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return applyToEither0(other, ASYNC, fn);
    }
    public <U> CompletableFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
        return applyToEither0(other, screen(executor), fn);
    }

    private <U> CompletableFuture<U> applyToEither0(CompletionStage<? extends T> other, Executor e, Function<? super T, U> fn) {
        Objects.requireNonNull(fn);
        return eitherStage(other, e, r -> encodeValue(fn.apply(valueOf(r))));
    }

    public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) { return acceptEither0(other, null, action); }
    public CompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return acceptEither0(other, ASYNC, action);
    }
    public CompletableFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
        return acceptEither0(other, screen(executor), action);
    }

    private CompletableFuture<Void> acceptEither0(CompletionStage<? extends T> other, Executor e, Consumer<? super T> action) {
        Objects.requireNonNull(action);
        return eitherStage(other, e, r -> {
            action.accept(valueOf(r));
            return NIL;
        });
    }

    public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) { return runAfterEither0(other, null, action); }
    public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) { return runAfterEither0(other, ASYNC, action); }
    public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return runAfterEither0(other, screen(executor), action);
    }

    private CompletableFuture<Void> runAfterEither0(CompletionStage<?> other, Executor e, Runnable action) {
        Objects.requireNonNull(action);
        return eitherStage(other, e, r -> {
            action.run();
            return NIL;
        });
    }

    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) { return thenCompose0(null, fn); }
    public <U> CompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) { return thenCompose0(ASYNC, fn); }
    public <U> CompletableFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        return thenCompose0(screen(executor), fn);
    }

    private <U> CompletableFuture<U> thenCompose0(Executor e, Function<? super T, ? extends CompletionStage<U>> fn) {
        Objects.requireNonNull(fn);
        CompletableFuture<U> d = newIncompleteFuture();
        whenDone(() -> {
            Object r = rawResult();
            if (isExceptional(r)) {
                d.completeRaw(encodeRelay(r));
                return;
            }
            runIn(e, d, () -> {
                try {
                    CompletableFuture<U> g = fn.apply(valueOf(r)).toCompletableFuture();
                    g.whenDone(() -> {
                        Object s = g.rawResult();
                        d.completeRaw(isExceptional(s) ? encodeRelay(s) : s);
                    });
                } catch (Throwable x) {
                    d.completeRaw(encodeThrowable(x));
                }
            });
        });
        return d;
    }

    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) { return handle0(null, fn); }
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) { return handle0(ASYNC, fn); }
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) { return handle0(screen(executor), fn); }

    private <U> CompletableFuture<U> handle0(Executor e, BiFunction<? super T, Throwable, ? extends U> fn) {
        Objects.requireNonNull(fn);
        return anyResultStage(e, r -> encodeValue(fn.apply(valueOf(r), exceptionOf(r))));
    }

    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) { return whenComplete0(null, action); }
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) { return whenComplete0(ASYNC, action); }
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        return whenComplete0(screen(executor), action);
    }

    private CompletableFuture<T> whenComplete0(Executor e, BiConsumer<? super T, ? super Throwable> action) {
        Objects.requireNonNull(action);
        return anyResultStage(e, r -> {
            Throwable x = exceptionOf(r);
            try {
                action.accept(valueOf(r), x);
            } catch (Throwable y) {
                if (x == null) throw y;
                if (x != y) x.addSuppressed(y);
            }
            return x == null ? r : encodeRelay(r);
        });
    }

    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) { return exceptionally0(null, fn); }
    public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) { return exceptionally0(ASYNC, fn); }
    public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) { return exceptionally0(screen(executor), fn); }

    private CompletableFuture<T> exceptionally0(Executor e, Function<Throwable, ? extends T> fn) {
        Objects.requireNonNull(fn);
        CompletableFuture<T> d = newIncompleteFuture();
        whenDone(() -> {
            Object r = rawResult();
            if (!isExceptional(r)) {
                d.completeRaw(r);
                return;
            }
            runIn(e, d, () -> {
                try {
                    d.completeRaw(encodeValue(fn.apply(((AltResult) r).ex)));
                } catch (Throwable x) {
                    d.completeRaw(encodeThrowable(x));
                }
            });
        });
        return d;
    }

    public CompletableFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) { return exceptionallyCompose0(null, fn); }
    public CompletableFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return exceptionallyCompose0(ASYNC, fn);
    }
    public CompletableFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
        return exceptionallyCompose0(screen(executor), fn);
    }

    private CompletableFuture<T> exceptionallyCompose0(Executor e, Function<Throwable, ? extends CompletionStage<T>> fn) {
        Objects.requireNonNull(fn);
        CompletableFuture<T> d = newIncompleteFuture();
        whenDone(() -> {
            Object r = rawResult();
            if (!isExceptional(r)) {
                d.completeRaw(r);
                return;
            }
            runIn(e, d, () -> {
                try {
                    CompletableFuture<T> g = fn.apply(((AltResult) r).ex).toCompletableFuture();
                    g.whenDone(() -> {
                        Object s = g.rawResult();
                        d.completeRaw(isExceptional(s) ? encodeRelay(s) : s);
                    });
                } catch (Throwable x) {
                    d.completeRaw(encodeThrowable(x));
                }
            });
        });
        return d;
    }
}
