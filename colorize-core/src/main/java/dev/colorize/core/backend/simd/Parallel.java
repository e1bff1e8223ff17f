package dev.colorize.core.backend.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The library-owned threads of the Vector API kernels. Their number is
 * {@code -Dcolorize.threads=N} (default: the available processors) and can be changed at run time
 * with {@link #setThreads(int)}. With N threads the calling thread works as one of them and N - 1
 * daemon workers ({@code colorize-cpu-*}) help; workers never keep a JVM alive.
 *
 * <pre>{@code
 * Parallel.setThreads(1);   // single-threaded kernels, e.g. for a 1-thread benchmark
 * }</pre>
 *
 * <p>Why not a {@code ForkJoinPool}: a U-Net forward makes ~100 parallel kernel calls, and waking
 * parked pool threads for each cost ~100 us per call (a measured 11 ms per forward at 2 threads,
 * where the convolutions themselves took 43 ms). Here the caller starts on its share at once, and
 * idle workers spin for {@code -Dcolorize.spinMicros} (default 200) microseconds before parking,
 * so back-to-back kernels find them awake; the cost is that much CPU after the last kernel.
 */
public final class Parallel {
    private static final long SPIN_NANOS = Long.getLong("colorize.spinMicros", 200L) * 1000L;
    private static final AtomicInteger WORKER_NAMES = new AtomicInteger();
    private static volatile int threads = initialThreads();
    private static volatile Team team;
    /** Set while a thread runs tasks of a job: nested calls then run inline. */
    private static final ThreadLocal<boolean[]> IN_JOB = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {
    }

    /** Number of threads the kernels use. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of kernel threads (>= 1); the previous workers finish their work and exit. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("colorize threads must be >= 1, got " + n);
        }
        if (n == threads) {
            return;
        }
        Team old = team;
        team = null;
        threads = n;
        if (old != null) {
            old.stop();
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
                // fall through to the error
            }
            throw new IllegalArgumentException("-Dcolorize.threads must be a positive integer, got '" + prop + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static Team team() {
        Team t = team;
        if (t == null) {
            synchronized (Parallel.class) {
                t = team;
                if (t == null) {
                    team = t = new Team(threads - 1);
                }
            }
        }
        return t;
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in {@code [0, tasks)}, shared between the
     * calling thread and the workers, and returns when all are done. Tasks must write disjoint
     * memory. Nested calls (from inside a task) run inline on their thread.
     */
    static void forEach(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        boolean[] inJob = IN_JOB.get();
        if (tasks == 1 || threads == 1 || inJob[0]) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        team().run(new Job(tasks, body), inJob);
    }

    /** One parallel call: tasks are claimed one at a time from a shared counter. */
    private static final class Job {
        final int tasks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        void work(boolean[] inJob) {
            inJob[0] = true;
            try {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    try {
                        body.accept(i);
                    } catch (Throwable t) {
                        error = t;
                    } finally {
                        done.incrementAndGet();
                    }
                }
            } finally {
                inJob[0] = false;
            }
        }
    }

    /** The workers and the job they are offered; one job at a time. */
    private static final class Team {
        private final Worker[] workers;
        private volatile Job job;
        private volatile long generation;
        private volatile boolean stopped;

        Team(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this);
                workers[i].start();
            }
        }

        synchronized void run(Job j, boolean[] inJob) {
            job = j;
            generation++;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            j.work(inJob);
            while (j.done.get() < j.tasks) {
                Thread.onSpinWait();
            }
            job = null;
            Throwable t = j.error;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("colorize kernel task failed", t);
            }
        }

        void stop() {
            stopped = true;
            generation++;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    private static final class Worker extends Thread {
        private final Team team;
        volatile boolean parked;

        Worker(Team team) {
            super("colorize-cpu-" + WORKER_NAMES.getAndIncrement());
            this.team = team;
            setDaemon(true);
        }

        @Override
        public void run() {
            boolean[] inJob = IN_JOB.get();
            long seen = team.generation;
            while (!team.stopped) {
                long gen = awaitGeneration(seen);
                seen = gen;
                Job j = team.job;
                if (j != null && !team.stopped) {
                    j.work(inJob);
                }
            }
        }

        /** Spins, then parks, until the team's generation moves past {@code seen}. */
        private long awaitGeneration(long seen) {
            long start = System.nanoTime();
            int spins = 0;
            while (true) {
                long gen = team.generation;
                if (gen != seen) {
                    return gen;
                }
                if ((++spins & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                    parked = true;
                    if (team.generation == seen && !team.stopped) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    start = System.nanoTime();
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
