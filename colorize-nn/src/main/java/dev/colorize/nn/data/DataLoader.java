package dev.colorize.nn.data;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Batches of a {@link Dataset}: batch size, seeded shuffling, drop-last, and background loading on
 * worker threads with a bounded prefetch queue. Deterministic given the seed: epoch e's order is a
 * permutation drawn from (seed, e), and sample i of the epoch gets a generator seeded from
 * (seed, e, i), whatever the number of threads. Iterating yields the remaining batches of the current
 * epoch and then moves to the next one; {@link #state()} / {@link #restore} resume mid-epoch.
 *
 * <pre>{@code
 * try (DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(new TensorDataset(x, y))
 *         .batchSize(4).shuffle(true).seed(42).dropLast(true).workers(2).prefetch(4).build()) {
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         for (Tensor[] batch : loader) { train(batch[0], batch[1]); }
 *     }
 *     LoaderState s = loader.state();   // save in the checkpoint; loader.restore(s) on resume
 * }
 * }</pre>
 */
public final class DataLoader<T, B> implements Iterable<B>, AutoCloseable {
    private final Dataset<T> dataset;
    private final Function<List<T>, B> collate;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final int workers;
    private final int prefetch;
    private final long seed;
    private ExecutorService pool;
    private long epoch;
    private long position;
    private Epoch active;

    private DataLoader(Builder<T, B> b) {
        if (b.batchSize < 1 || b.workers < 0 || b.prefetch < 1) {
            throw new IllegalArgumentException("DataLoader: batch size " + b.batchSize + ", workers " + b.workers
                    + ", prefetch " + b.prefetch);
        }
        this.dataset = b.dataset;
        this.collate = b.collate;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.workers = b.workers;
        this.prefetch = b.prefetch;
        this.seed = b.seed;
    }

    /** A loader over tuple samples, batched by stacking each field. */
    public static Builder<Tensor[], Tensor[]> builder(Dataset<Tensor[]> dataset) {
        return new Builder<>(dataset, Collate.stackFields());
    }

    /** A loader with a custom collate function. */
    public static <T, B> Builder<T, B> builder(Dataset<T> dataset, Function<List<T>, B> collate) {
        return new Builder<>(dataset, collate);
    }

    /** Batches per epoch (a partial last batch counts unless drop-last). */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The current epoch, position within it (batches handed out) and seed. */
    public synchronized LoaderState state() {
        return new LoaderState(seed, epoch, position);
    }

    /** Continues from a saved state; the seed must be this loader's. Abandons any running iteration. */
    public synchronized void restore(LoaderState state) {
        if (state.seed() != seed) {
            throw new IllegalArgumentException("DataLoader.restore: state has seed " + state.seed() + ", loader has " + seed);
        }
        if (state.position() > batchesPerEpoch()) {
            throw new IllegalArgumentException("DataLoader.restore: position " + state.position() + " beyond "
                    + batchesPerEpoch() + " batches per epoch");
        }
        abandon();
        epoch = state.epoch();
        position = state.position();
    }

    /**
     * The remaining batches of the current epoch. Starting a new iteration abandons the previous
     * one (its prefetched batches are discarded; the position counts only batches handed out).
     */
    @Override
    public synchronized Iterator<B> iterator() {
        abandon();
        if (position >= batchesPerEpoch()) {
            epoch++;
            position = 0;
        }
        active = new Epoch(epoch, permutation(epoch));
        return active;
    }

    /** The sample order of {@code epoch}. */
    int[] permutation(long epochIndex) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Rng rng = new Rng(mix(seed, epochIndex, -1));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private static long mix(long seed, long epoch, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + index;
        return h ^ (h >>> 29);
    }

    private B load(long epochIndex, int[] order, long batch) {
        int start = (int) (batch * batchSize);
        int end = Math.min(start + batchSize, order.length);
        List<T> samples = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            samples.add(dataset.get(order[i], new Rng(mix(seed, epochIndex, i))));
        }
        return collate.apply(samples);
    }

    private void abandon() {
        if (active != null) {
            active.cancel();
            active = null;
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "colorize-loader-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Stops the worker threads. */
    @Override
    public synchronized void close() {
        abandon();
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    private synchronized void advance(Epoch from) {
        if (active == from) {
            position++;
        }
    }

    /** One pass over the rest of an epoch, prefetching up to {@code prefetch} batches ahead. */
    private final class Epoch implements Iterator<B> {
        private final long epochIndex;
        private final int[] order;
        private final int total = batchesPerEpoch();
        private final ArrayDeque<Future<B>> queue = new ArrayDeque<>();
        private long next;
        private long submitted;
        private volatile boolean cancelled;

        Epoch(long epochIndex, int[] order) {
            this.epochIndex = epochIndex;
            this.order = order;
            this.next = position;
            this.submitted = position;
            fill();
        }

        private void fill() {
            if (workers == 0) {
                return;
            }
            while (queue.size() < prefetch && submitted < total) {
                long b = submitted++;
                queue.add(pool().submit(() -> load(epochIndex, order, b)));
            }
        }

        @Override
        public boolean hasNext() {
            return next < total && !cancelled;
        }

        @Override
        public B next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: epoch " + epochIndex + " is exhausted");
            }
            B batch;
            if (workers == 0) {
                batch = load(epochIndex, order, next);
            } else {
                try {
                    batch = queue.poll().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + next, e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("DataLoader: loading batch " + next + " of epoch " + epochIndex
                            + " failed: " + e.getCause(), e.getCause());
                }
            }
            next++;
            advance(this);
            fill();
            return batch;
        }

        void cancel() {
            cancelled = true;
            for (Future<B> f : queue) {
                f.cancel(true);
            }
            queue.clear();
        }
    }

    /** Fluent configuration; defaults batch size 1, no shuffle, seed 0, keep last, no workers, prefetch 2. */
    public static final class Builder<T, B> {
        private final Dataset<T> dataset;
        private final Function<List<T>, B> collate;
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;
        private int workers;
        private int prefetch = 2;
        private long seed;

        Builder(Dataset<T> dataset, Function<List<T>, B> collate) {
            this.dataset = dataset;
            this.collate = collate;
        }

        public Builder<T, B> batchSize(int v) { batchSize = v; return this; }
        public Builder<T, B> shuffle(boolean v) { shuffle = v; return this; }
        public Builder<T, B> dropLast(boolean v) { dropLast = v; return this; }
        /** Background loading threads; 0 loads each batch on the caller's thread when it is asked for. */
        public Builder<T, B> workers(int v) { workers = v; return this; }
        /** Batches loaded ahead when workers > 0. */
        public Builder<T, B> prefetch(int v) { prefetch = v; return this; }
        public Builder<T, B> seed(long v) { seed = v; return this; }

        public DataLoader<T, B> build() {
            return new DataLoader<>(this);
        }
    }
}
