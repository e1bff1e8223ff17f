package dev.colorize.nn.data;

import dev.colorize.core.tensor.Rng;

/**
 * Indexed samples for a {@link DataLoader}. Implementations must be safe to call from several
 * loader threads at once (read-only data, or their own synchronisation).
 *
 * <pre>{@code
 * Dataset<Tensor[]> pairs = new TensorDataset(inputs, targets);   // slices along dimension 0
 * }</pre>
 */
public interface Dataset<T> {
    /** Number of samples. */
    int size();

    /** Sample {@code index}, 0 <= index < size(). */
    T get(int index);

    /**
     * Sample {@code index} for a loader that supplies a generator for random augmentation; the loader
     * seeds it from (seed, epoch, position), so augmentations are the same after a resume and do not
     * depend on the number of threads. The default ignores it.
     */
    default T get(int index, Rng rng) {
        return get(index);
    }
}
