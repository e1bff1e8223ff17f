package dev.colorize.core.backend.simd;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The library-owned thread pool of the Vector API kernels. Its size is
 * {@code -Dcolorize.threads=N} (default: the available processors) and can be changed at run time
 * with {@link #setThreads(int)}. Threads are daemons, so the pool never keeps a JVM alive.
 *
 * <pre>{@code
 * Parallel.setThreads(1);   // single-threaded kernels, e.g. for a 1-thread benchmark
 * }</pre>
 */
public final class Parallel {
    private static volatile ForkJoinPool pool;
    private static volatile int threads = initialThreads();
    /** Worker names: the pool index is not assigned yet when the factory runs (JDK 19+ registers later). */
    private static final java.util.concurrent.atomic.AtomicInteger WORKERS = new java.util.concurrent.atomic.AtomicInteger();

    private Parallel() {
    }

    /** Number of threads the kernels use. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of kernel threads (>= 1); the previous pool finishes its work and retires. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("colorize threads must be >= 1, got " + n);
        }
        if (n == threads) {
            return;
        }
        ForkJoinPool old = pool;
        pool = null;
        threads = n;
        if (old != null) {
            old.shutdown();
        }
    }

    private static int initialThreads() {
        String prop = System.getProperty("colorize.threads", "").trim();
        if (!prop.isEmpty()) {
            try {
                int n = Integer.parseInt(prop);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
            throw new IllegalArgumentException("-Dcolorize.threads must be a positive integer, got '" + prop + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    pool = p = new ForkJoinPool(threads, Parallel::newWorker, null, false);
                }
            }
        }
        return p;
    }

    private static ForkJoinWorkerThread newWorker(ForkJoinPool p) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
        t.setDaemon(true);
        t.setName("colorize-cpu-" + WORKERS.getAndIncrement());
        return t;
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in {@code [0, tasks)}, on the pool when there is
     * more than one task and more than one thread, and returns when all are done. Tasks must write
     * disjoint memory. Nested calls from a pool thread run in the same pool.
     */
    static void forEach(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || threads == 1) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        RangeTask task = new RangeTask(0, tasks, body);
        Thread current = Thread.currentThread();
        if (current instanceof ForkJoinWorkerThread w && w.getPool() == pool) {
            task.invoke();
        } else {
            pool().invoke(task);
        }
    }

    /** Splits a task range in halves down to single tasks. */
    private static final class RangeTask extends RecursiveAction {
        private final int lo;
        private final int hi;
        private final IntConsumer body;

        RangeTask(int lo, int hi, IntConsumer body) {
            this.lo = lo;
            this.hi = hi;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.accept(lo);
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new RangeTask(lo, mid, body), new RangeTask(mid, hi, body));
        }
    }
}
