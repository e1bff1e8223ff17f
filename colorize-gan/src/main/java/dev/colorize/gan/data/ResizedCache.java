package dev.colorize.gan.data;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resized photos of an {@link ImageFolder} by index, up to a byte budget: first come, kept until the
 * folder is dropped, never evicted (a training run reads every photo each epoch, so any eviction
 * order would throw away what the next epoch needs). Safe for the loader's worker threads; two
 * workers racing on one photo both decode it and one copy is kept.
 */
final class ResizedCache {
    private final long budget;
    private final AtomicLong used = new AtomicLong();
    private final ConcurrentHashMap<Integer, Augment.Resized> photos = new ConcurrentHashMap<>();

    ResizedCache(long budget) {
        this.budget = budget;
    }

    Augment.Resized get(int index) {
        return budget == 0 ? null : photos.get(index);
    }

    void offer(int index, Augment.Resized planes) {
        long bytes = planes.bytes();
        if (budget == 0 || photos.containsKey(index)) {
            return;
        }
        long now;
        do {
            now = used.get();
            if (now + bytes > budget) {
                return;
            }
        } while (!used.compareAndSet(now, now + bytes));
        if (photos.putIfAbsent(index, planes) != null) {
            used.addAndGet(-bytes);
        }
    }

    long bytesUsed() {
        return used.get();
    }
}
