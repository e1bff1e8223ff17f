package dev.colorize.gan;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.CpuStorage;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.color.Normalization;

/**
 * A trained generator as the {@link Colorizer} sees it: normalised lightness in, ab (in Lab units)
 * out. Implemented by the U-Net and ECCV16 wrappers (and by test doubles).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #predictAb}: input [N,1,S,S] = {@code inputNormalization().normalizeL(L)}, output
 *       [N,2,S,S] ab in Lab units (already multiplied by {@link Normalization#AB_SCALE} where the
 *       network works in [-1, 1]). Inference mode: BatchNorm uses running statistics, dropout is off.</li>
 *   <li>Thread-safe: the Colorizer calls {@code predictAb} concurrently from several threads; it must
 *       not mutate shared state (no running-stat updates, no cached activations in fields).</li>
 *   <li>The Colorizer calls it inside {@code GradMode.noGrad()}.</li>
 * </ul>
 */
public interface ColorizationModel {

    /** The architecture name used in model files, e.g. {@code "unet"} or {@code "eccv16"}. */
    String architecture();

    /** How L must be scaled for this network. */
    Normalization inputNormalization();

    /** [N,1,S,S] normalised L to [N,2,S,S] ab in Lab units. */
    Tensor predictAb(Tensor normalizedL);

    /**
     * The chroma gain applied when the caller sets none: model file config {@code saturation}, chosen by
     * the model's author (e.g. to undo the desaturation an L1-trained network shows). 1 = as predicted.
     */
    default float defaultSaturation() {
        return 1f;
    }

    /**
     * Whether the Colorizer averages the predictions for the photo and its mirror image when the caller
     * does not say (model file config {@code flip_average}, default false; see {@code Colorizer.flipAverage}).
     */
    default boolean defaultFlipAverage() {
        return false;
    }

    /** The render size used when the caller sets none (the size the network was trained at). */
    default int defaultRenderSize() {
        return 256;
    }

    /**
     * Throws {@link IllegalArgumentException} (naming the architecture and the constraint) if the
     * network cannot run at {@code size} x {@code size}, e.g. a U-Net with 8 downsamplings needs a
     * multiple of 256.
     */
    default void checkRenderSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException(architecture() + ": render size must be positive, got " + size);
        }
    }

    /**
     * This model with its weights on {@code backend}. The default accepts every host-memory (CPU)
     * backend, whose kernel sets share storage, and refuses others.
     */
    default ColorizationModel to(Backend backend) {
        if (backend.allocate(0) instanceof CpuStorage) {
            return this;
        }
        throw new UnsupportedOperationException("model '" + architecture() + "' cannot move to backend '"
                + backend.name() + "' (its ColorizationModel does not implement to(Backend))");
    }
}
