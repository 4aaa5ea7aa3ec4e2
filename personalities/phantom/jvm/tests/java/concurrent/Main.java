import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import java.util.concurrent.locks.*;
import java.util.stream.*;

public class Main {
    public static void main(String[] args) throws Exception {
        atomics();
        maps();
        executors();
        latchesAndBarriers();
        locks();
        queues();
        completableFutures();
        System.out.println("done");
    }

    static void atomics() throws InterruptedException {
        AtomicInteger ai = new AtomicInteger();
        AtomicLong al = new AtomicLong(10);
        LongAdder adder = new LongAdder();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 1000; k++) {
                    ai.incrementAndGet();
                    al.addAndGet(2);
                    adder.increment();
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        System.out.println(ai.get() + " " + al.get() + " " + adder.sum() + " " + ai + " " + al);
        System.out.println(ai.getAndIncrement() + " " + ai.getAndAdd(5) + " " + ai.decrementAndGet() + " " + ai.compareAndSet(4005, 1) + " " + ai.compareAndSet(7, 8) + " " + ai.get());
        System.out.println(ai.updateAndGet(x -> x * 10) + " " + ai.getAndUpdate(x -> x + 1) + " " + ai.accumulateAndGet(5, Math::max) + " " + ai.getAndAccumulate(3, Integer::sum) + " " + ai.intValue() + " " + ai.doubleValue());
        System.out.println(al.getAndSet(-1) + " " + al.incrementAndGet() + " " + al.compareAndSet(0, 99) + " " + al.longValue() + " " + al.updateAndGet(x -> x << 33));
        AtomicBoolean flag = new AtomicBoolean();
        System.out.println(flag.get() + " " + flag.compareAndSet(false, true) + " " + flag.compareAndSet(false, true) + " " + flag.getAndSet(false) + " " + flag);
        AtomicReference<String> ref = new AtomicReference<>("a");
        String a = ref.get();
        System.out.println(ref.compareAndSet(a, "b") + " " + ref.compareAndSet("zz", "c") + " " + ref.updateAndGet(s -> s + "!") + " " + ref.getAndSet(null) + " " + ref);
        AtomicIntegerArray arr = new AtomicIntegerArray(3);
        arr.incrementAndGet(1);
        arr.addAndGet(2, 7);
        arr.compareAndSet(0, 0, 4);
        System.out.println(arr + " " + arr.length() + " " + arr.get(2));
        AtomicLongArray la = new AtomicLongArray(new long[] {1, 2});
        la.getAndAdd(0, 1L << 40);
        System.out.println(la);
        adder.add(-4000);
        adder.add(5);
        System.out.println(adder.sumThenReset() + " " + adder.sum() + " " + adder.intValue());
        ThreadLocal<Integer> local = ThreadLocal.withInitial(() -> 7);
        local.set(1);
        int[] seen = new int[1];
        Thread t = new Thread(() -> seen[0] = local.get());
        t.start();
        t.join();
        System.out.println(local.get() + " " + seen[0]);
    }

    static void maps() throws InterruptedException {
        ConcurrentHashMap<String, Integer> m = new ConcurrentHashMap<>();
        String text = "the cat and the dog and the bird saw a cat";
        for (String w : text.split(" ")) m.merge(w, 1, Integer::sum);
        System.out.println(m + " " + m.size() + " " + m.mappingCount());
        System.out.println(m.get("the") + " " + m.getOrDefault("fish", 0) + " " + m.containsKey("dog") + " " + m.containsValue(2) + " " + m.putIfAbsent("cat", 9) + " " + m.putIfAbsent("fish", 9));
        m.computeIfAbsent("owl", k -> k.length());
        m.computeIfPresent("dog", (k, v) -> v + 10);
        m.compute("the", (k, v) -> v == null ? 1 : v * 100);
        m.remove("fish");
        System.out.println(m.replace("a", 1, 5) + " " + m.replace("a", 5) + " " + m.remove("a", 5) + " " + m);
        System.out.println(new TreeMap<>(m) + " " + m.keySet() + " " + m.values());
        for (Map.Entry<String, Integer> e : m.entrySet()) if (e.getKey().length() == 3) e.setValue(e.getValue() + 1);
        for (String k : m.keySet()) if (k.startsWith("b")) m.remove(k);
        System.out.println(m);
        ConcurrentHashMap<Integer, Integer> big = new ConcurrentHashMap<>();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            int base = i;
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 50; k++) big.merge(k % 25, base + 1, Integer::sum);
            });
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        System.out.println(big);
        ConcurrentHashMap<String, List<Integer>> groups = new ConcurrentHashMap<>(4);
        for (int i = 0; i < 20; i++) groups.computeIfAbsent("g" + (i % 3), k -> new ArrayList<>()).add(i);
        System.out.println(groups);
        Set<String> keys = ConcurrentHashMap.newKeySet();
        keys.add("x");
        keys.add("y");
        keys.add("x");
        System.out.println(keys + " " + keys.size() + " " + keys.contains("y"));
        Map<String, Integer> copy = new ConcurrentHashMap<>(Map.of("one", 1));
        copy.put("two", 2);
        System.out.println(copy.keySet().stream().sorted().collect(Collectors.joining(",")) + " " + copy.equals(Map.of("one", 1, "two", 2)) + " " + copy.hashCode());
        try {
            m.put(null, 1);
        } catch (NullPointerException e) {
            System.out.println("null key rejected");
        }
        ConcurrentHashMap<Integer, String> order = new ConcurrentHashMap<>();
        for (int i = 100; i > 0; i -= 7) order.put(i * 31, "v" + i);
        System.out.println(order.keySet());
        System.out.println(Stream.of("a", "bb", "cc", "ddd").collect(Collectors.toConcurrentMap(String::length, s -> s, (x, y) -> x + y)));
        CopyOnWriteArrayList<Integer> cow = new CopyOnWriteArrayList<>(List.of(1, 2, 3));
        for (Integer x : cow) if (x % 2 == 1) cow.add(x * 10);
        System.out.println(cow + " " + cow.addIfAbsent(2) + " " + cow.addIfAbsent(4) + " " + cow.indexOf(30) + " " + cow.get(4));
        Iterator<Integer> it = cow.iterator();
        it.next();
        try {
            it.remove();
        } catch (UnsupportedOperationException e) {
            System.out.println("snapshot iterator " + cow.size());
        }
        cow.removeIf(x -> x > 5);
        System.out.println(cow + " " + new CopyOnWriteArraySet<>(List.of(3, 1, 3, 2)));
    }

    static void executors() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                int s = 0;
                for (int k = 1; k <= n * 100; k++) s += k;
                return s;
            }));
        }
        for (Future<Integer> f : futures) System.out.print(f.get() + " ");
        System.out.println();
        AtomicInteger ran = new AtomicInteger();
        Future<?> r = pool.submit(() -> ran.incrementAndGet());
        r.get();
        Future<String> withResult = pool.submit(() -> ran.incrementAndGet(), "fixed");
        System.out.println(r.get() + " " + withResult.get() + " " + ran.get() + " " + r.isDone() + " " + r.isCancelled());
        Future<Object> failing = pool.submit(() -> {
            throw new IllegalStateException("task failed");
        });
        try {
            failing.get();
        } catch (ExecutionException e) {
            System.out.println("caught " + e.getCause() + " / " + e.getMessage());
        }
        List<Callable<String>> tasks = new ArrayList<>();
        for (String s : List.of("x", "y", "z")) tasks.add(() -> s.toUpperCase());
        List<String> all = new ArrayList<>();
        for (Future<String> f : pool.invokeAll(tasks)) all.add(f.get());
        System.out.println(all + " " + List.of("X", "Y", "Z").contains(pool.invokeAny(tasks)));
        CountDownLatch done = new CountDownLatch(5);
        ConcurrentLinkedQueue<Integer> results = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            pool.execute(() -> {
                results.add(n * n);
                done.countDown();
            });
        }
        done.await();
        System.out.println(new TreeSet<>(results) + " " + done.getCount());
        pool.shutdown();
        System.out.println(pool.awaitTermination(5, TimeUnit.SECONDS) + " " + pool.isShutdown() + " " + pool.isTerminated());
        try {
            pool.submit(() -> 1);
        } catch (RejectedExecutionException e) {
            System.out.println("rejected after shutdown");
        }
        ExecutorService single = Executors.newSingleThreadExecutor();
        StringBuffer sequence = new StringBuffer();
        for (int i = 0; i < 5; i++) {
            int n = i;
            single.submit(() -> sequence.append(n));
        }
        single.shutdown();
        single.awaitTermination(5, TimeUnit.SECONDS);
        System.out.println("single " + sequence);
        ExecutorService cached = Executors.newCachedThreadPool();
        List<Future<Integer>> cf = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            cf.add(cached.submit(() -> n * 3));
        }
        int sum = 0;
        for (Future<Integer> f : cf) sum += f.get();
        cached.shutdown();
        System.out.println("cached " + sum + " " + cached.awaitTermination(5, TimeUnit.SECONDS));
        ExecutorService named = Executors.newFixedThreadPool(1);
        String name = named.submit(() -> Thread.currentThread().getName()).get();
        named.shutdownNow();
        System.out.println(name.matches("pool-\\d+-thread-1"));
        FutureTask<String> ft = new FutureTask<>(() -> "direct");
        ft.run();
        System.out.println(ft.get() + " " + ft.isDone());
        ExecutorService slowPool = Executors.newSingleThreadExecutor();
        Future<String> slow = slowPool.submit(() -> {
            Thread.sleep(300);
            return "late";
        });
        try {
            slow.get(10, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.out.println("timed out");
        }
        System.out.println(slow.get());
        slowPool.shutdown();
        System.out.println(TimeUnit.SECONDS.toMillis(3) + " " + TimeUnit.MILLISECONDS.toSeconds(4500) + " " + TimeUnit.HOURS.convert(180, TimeUnit.MINUTES) + " " + TimeUnit.DAYS.toNanos(1) + " " + TimeUnit.NANOSECONDS.toMicros(-1999) + " " + TimeUnit.valueOf("MINUTES") + " " + TimeUnit.DAYS.toMillis(Long.MAX_VALUE / 1000));
    }

    static void latchesAndBarriers() throws Exception {
        int parties = 3;
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier barrier = new CyclicBarrier(parties, () -> log.add("barrier tripped"));
        Thread[] ts = new Thread[parties];
        AtomicInteger zeros = new AtomicInteger();
        for (int i = 0; i < parties; i++) {
            ts[i] = new Thread(() -> {
                try {
                    for (int round = 0; round < 2; round++) {
                        if (barrier.await() == 0) zeros.incrementAndGet();
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    throw new RuntimeException(e);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        System.out.println(log + " " + zeros + " " + barrier.getParties() + " " + barrier.isBroken());
        Semaphore sem = new Semaphore(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        Thread[] users = new Thread[5];
        for (int i = 0; i < users.length; i++) {
            users[i] = new Thread(() -> {
                try {
                    sem.acquire();
                    try {
                        int now = inside.incrementAndGet();
                        maxInside.accumulateAndGet(now, Math::max);
                        Thread.sleep(5);
                        inside.decrementAndGet();
                    } finally {
                        sem.release();
                    }
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            users[i].start();
        }
        for (Thread t : users) t.join();
        System.out.println("max inside " + maxInside + " permits " + sem.availablePermits() + " " + sem.tryAcquire(3) + " " + sem.tryAcquire(2) + " " + sem.tryAcquire());
        CountDownLatch never = new CountDownLatch(1);
        System.out.println(never.await(20, TimeUnit.MILLISECONDS) + " " + never.getCount());
    }

    static void locks() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        int[] counter = {0};
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 500; k++) {
                    lock.lock();
                    try {
                        counter[0]++;
                    } finally {
                        lock.unlock();
                    }
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        lock.lock();
        lock.lock();
        System.out.println(counter[0] + " " + lock.isLocked() + " " + lock.isHeldByCurrentThread() + " " + lock.getHoldCount() + " " + lock.tryLock());
        lock.unlock();
        lock.unlock();
        lock.unlock();
        System.out.println(lock.isLocked());
        try {
            lock.unlock();
        } catch (IllegalMonitorStateException e) {
            System.out.println("unlock without lock");
        }
        // A bounded buffer with two conditions.
        ReentrantLock l = new ReentrantLock();
        Condition notFull = l.newCondition();
        Condition notEmpty = l.newCondition();
        Deque<Integer> buf = new ArrayDeque<>();
        long[] total = {0};
        Thread producer = new Thread(() -> {
            for (int i = 1; i <= 100; i++) {
                l.lock();
                try {
                    while (buf.size() == 3) notFull.await();
                    buf.addLast(i);
                    notEmpty.signal();
                } catch (InterruptedException e) {
                    return;
                } finally {
                    l.unlock();
                }
            }
        });
        Thread consumer = new Thread(() -> {
            for (int i = 1; i <= 100; i++) {
                l.lock();
                try {
                    while (buf.isEmpty()) notEmpty.await();
                    total[0] += buf.removeFirst();
                    notFull.signal();
                } catch (InterruptedException e) {
                    return;
                } finally {
                    l.unlock();
                }
            }
        });
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
        System.out.println("conditions " + total[0]);
        l.lock();
        try {
            System.out.println(notEmpty.await(10, TimeUnit.MILLISECONDS) + " " + l.isHeldByCurrentThread());
        } finally {
            l.unlock();
        }
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        Map<String, Integer> shared = new HashMap<>();
        Thread[] writers = new Thread[3];
        for (int i = 0; i < writers.length; i++) {
            int n = i;
            writers[i] = new Thread(() -> {
                for (int k = 0; k < 20; k++) {
                    rw.writeLock().lock();
                    try {
                        shared.merge("k" + (k % 4), n, Integer::sum);
                    } finally {
                        rw.writeLock().unlock();
                    }
                    rw.readLock().lock();
                    try {
                        shared.get("k0");
                    } finally {
                        rw.readLock().unlock();
                    }
                }
            });
            writers[i].start();
        }
        for (Thread t : writers) t.join();
        rw.readLock().lock();
        rw.readLock().lock();
        System.out.println(new TreeMap<>(shared) + " " + rw.getReadLockCount() + " " + rw.isWriteLocked() + " " + rw.writeLock().tryLock());
        rw.readLock().unlock();
        rw.readLock().unlock();
        rw.writeLock().lock();
        System.out.println(rw.isWriteLockedByCurrentThread() + " " + rw.readLock().tryLock() + " " + rw.getWriteHoldCount());
        rw.readLock().unlock();
        rw.writeLock().unlock();
    }

    static void queues() throws InterruptedException {
        BlockingQueue<Integer> q = new ArrayBlockingQueue<>(2);
        long[] sum = {0};
        Thread consumer = new Thread(() -> {
            try {
                for (int v; (v = q.take()) >= 0;) sum[0] += v;
            } catch (InterruptedException e) {
                return;
            }
        });
        consumer.start();
        for (int i = 1; i <= 50; i++) q.put(i);
        q.put(-1);
        consumer.join();
        System.out.println("blocking " + sum[0] + " " + q.isEmpty() + " " + q.remainingCapacity());
        System.out.println(q.offer(1) + " " + q.offer(2) + " " + q.offer(3) + " " + q + " " + q.peek() + " " + q.poll() + " " + q.size());
        try {
            q.add(7);
            q.add(8);
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
        System.out.println(q.poll(10, TimeUnit.MILLISECONDS) + " " + q.poll(10, TimeUnit.MILLISECONDS) + " " + q.poll(10, TimeUnit.MILLISECONDS) + " " + q.offer(5, 10, TimeUnit.MILLISECONDS));
        LinkedBlockingQueue<String> lq = new LinkedBlockingQueue<>(List.of("a", "b", "c"));
        List<String> drained = new ArrayList<>();
        System.out.println(lq.drainTo(drained, 2) + " " + drained + " " + lq + " " + lq.remainingCapacity());
        PriorityBlockingQueue<Integer> pq = new PriorityBlockingQueue<>(List.of(5, 1, 4, 2));
        System.out.println(pq.take() + " " + pq.poll() + " " + pq.size());
        ConcurrentLinkedQueue<String> clq = new ConcurrentLinkedQueue<>();
        clq.offer("p");
        clq.add("q");
        clq.add("r");
        for (String s : clq) if (s.equals("q")) clq.remove(s);
        System.out.println(clq + " " + clq.poll() + " " + clq.peek() + " " + clq.size() + " " + clq.contains("r"));
    }

    static void completableFutures() throws Exception {
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> 6).thenApply(x -> x * 7);
        System.out.println(f.get() + " " + f.join() + " " + f.isDone());
        CompletableFuture<String> combined = CompletableFuture.supplyAsync(() -> "a").thenCombine(CompletableFuture.supplyAsync(() -> "b"), (x, y) -> x + y);
        System.out.println(combined.join() + " " + CompletableFuture.completedFuture(3).thenCompose(x -> CompletableFuture.supplyAsync(() -> x + 1)).join());
        CompletableFuture<Integer> failed = CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException("bad");
        });
        System.out.println(failed.exceptionally(ex -> { System.out.println("ex: " + ex); return -1; }).join());
        System.out.println(failed.handle((v, ex) -> ex == null ? "ok" : "handled " + ex.getCause().getMessage()).join() + " " + failed.isCompletedExceptionally());
        try {
            failed.join();
        } catch (CompletionException e) {
            System.out.println("join: " + e.getCause());
        }
        try {
            failed.get();
        } catch (ExecutionException e) {
            System.out.println("get: " + e.getCause());
        }
        CompletableFuture<String> manual = new CompletableFuture<>();
        List<String> events = new ArrayList<>();
        manual.thenAccept(v -> events.add("first " + v));
        manual.thenAccept(v -> events.add("second " + v));
        CompletableFuture<Void> after = manual.thenRun(() -> events.add("run"));
        System.out.println(manual.isDone() + " " + manual.getNow("absent") + " " + manual.complete("value") + " " + manual.complete("again") + " " + events + " " + after.isDone());
        CompletableFuture<String> broken = new CompletableFuture<>();
        broken.completeExceptionally(new RuntimeException("boom"));
        System.out.println(broken.exceptionally(Throwable::getMessage).join() + " " + broken.thenApply(s -> s + "!").exceptionally(Throwable::getMessage).join());
        List<CompletableFuture<Integer>> many = IntStream.range(0, 5).mapToObj(i -> CompletableFuture.supplyAsync(() -> i * i)).collect(Collectors.toList());
        CompletableFuture.allOf(many.toArray(new CompletableFuture[0])).join();
        System.out.println(many.stream().map(CompletableFuture::join).collect(Collectors.toList()));
        System.out.println(CompletableFuture.anyOf(CompletableFuture.completedFuture("x"), new CompletableFuture<>()).join());
        StringBuilder trace = new StringBuilder();
        CompletableFuture.completedFuture(1).whenComplete((v, ex) -> trace.append("v=").append(v).append(" ex=").append(ex)).thenAccept(v -> trace.append(" then ").append(v));
        System.out.println(trace);
        ExecutorService ex = Executors.newFixedThreadPool(2);
        System.out.println(CompletableFuture.supplyAsync(() -> 20, ex).thenApplyAsync(x -> x + 1, ex).thenCombineAsync(CompletableFuture.completedFuture(2), (x, y) -> x * y, ex).get(5, TimeUnit.SECONDS));
        ex.shutdown();
        CompletableFuture<String> never = new CompletableFuture<>();
        try {
            never.get(10, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.out.println("not completed " + never.cancel(true) + " " + never.isCancelled() + " " + never.isCompletedExceptionally());
        }
    }
}
