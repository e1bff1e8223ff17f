package dev.colorize.gan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Splits a list into chunks, maps each chunk on a small pool of daemon threads, keeps the order. */
final class BatchRunner {
    private static final AtomicInteger POOL = new AtomicInteger();

    private BatchRunner() {
    }

    static <T, R> List<R> map(List<T> items, int chunkSize, int threads, Function<List<T>, List<R>> work) {
        // Smaller chunks when there are too few to give every worker one.
        int size = Math.max(1, Math.min(chunkSize, (items.size() + threads - 1) / threads));
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        if (chunks.size() <= 1 || threads == 1) {
            List<R> out = new ArrayList<>(items.size());
            chunks.forEach(c -> out.addAll(work.apply(c)));
            return out;
        }
        int pool = POOL.incrementAndGet();
        AtomicInteger worker = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(threads, chunks.size()), r -> {
            Thread t = new Thread(r, "colorizer-" + pool + "-" + worker.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<R>>> futures = new ArrayList<>();
            for (List<T> c : chunks) {
                futures.add(executor.submit(() -> work.apply(c)));
            }
            List<R> out = new ArrayList<>(items.size());
            for (Future<List<R>> f : futures) {
                out.addAll(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while colorizing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            executor.shutdownNow();
        }
    }
}
