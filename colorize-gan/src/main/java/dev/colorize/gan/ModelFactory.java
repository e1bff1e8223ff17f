package dev.colorize.gan;

import dev.colorize.core.tensor.Tensor;

import java.util.Map;

/**
 * Builds a {@link ColorizationModel} of one architecture from a model file's config and weights.
 * Register with {@link ModelRegistry#register} or as a {@link java.util.ServiceLoader} service
 * ({@code META-INF/services/dev.colorize.gan.ModelFactory}).
 *
 * <pre>{@code
 * public final class UnetFactory implements ModelFactory {
 *     public String architecture() { return "unet"; }
 *     public ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights) {
 *         UnetGenerator g = new UnetGenerator(Integer.parseInt(config.getOrDefault("ngf", "64")), ...);
 *         g.loadStateDict(weights);   // keys as written by ModelFile.write
 *         g.eval();
 *         return new GeneratorModel(g, Normalization.PIX2PIX);
 *     }
 * }
 * }</pre>
 */
public interface ModelFactory {

    /** The name stored in a model file's {@code architecture} metadata. */
    String architecture();

    /**
     * The model described by {@code config} (the file's {@code config.*} metadata without the prefix)
     * holding {@code weights} (state_dict keys to tensors). Throws IllegalArgumentException naming
     * missing/unexpected keys or shape mismatches.
     */
    ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights);

    /** A randomly initialised model (for benchmarks and smoke tests); optional. */
    default ColorizationModel createUntrained(Map<String, String> config, long seed) {
        throw new UnsupportedOperationException("architecture '" + architecture() + "' has no untrained constructor");
    }
}
