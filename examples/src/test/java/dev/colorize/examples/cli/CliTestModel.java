package dev.colorize.examples.cli;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ColorizationModel;
import dev.colorize.gan.ModelFactory;
import dev.colorize.gan.color.Normalization;

import java.util.Map;

/** A test-only, untrained "model": ab = (20 * L', -10 * L') with weights "k" [2]; registered as a service. */
public final class CliTestModel implements ColorizationModel {
    private final Tensor k;

    CliTestModel(Tensor k) {
        this.k = k.reshape(1, 2, 1, 1);
    }

    @Override
    public String architecture() {
        return "cli-test";
    }

    @Override
    public Normalization inputNormalization() {
        return Normalization.PIX2PIX;
    }

    @Override
    public int defaultRenderSize() {
        return 16;
    }

    @Override
    public Tensor predictAb(Tensor l) {
        return l.mul(k);
    }

    static Map<String, Tensor> weights() {
        return Map.of("k", Tensor.of(new float[] {20f, -10f}, 2));
    }

    public static final class Factory implements ModelFactory {
        @Override
        public String architecture() {
            return "cli-test";
        }

        @Override
        public ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights) {
            return new CliTestModel(weights.get("k"));
        }

        @Override
        public ColorizationModel createUntrained(Map<String, String> config, long seed) {
            return new CliTestModel(weights().get("k"));
        }
    }
}
