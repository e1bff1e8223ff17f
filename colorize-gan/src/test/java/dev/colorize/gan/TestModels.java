package dev.colorize.gan;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.color.Normalization;

import java.util.Map;

/**
 * Test-only generators (never trained): functions of L whose ab is easy to predict, so the tests can
 * check the whole Colorizer pipeline. Registered as ServiceLoader services from the test resources.
 */
public final class TestModels {
    private TestModels() {
    }

    /** ab = scale * normalisedL + bias, per channel, from weights "scale" [2] and "bias" [2]. */
    public static final class Tint implements ColorizationModel {
        private final Tensor scale;
        private final Tensor bias;

        public Tint(float scaleA, float scaleB, float biasA, float biasB) {
            this(Tensor.of(new float[] {scaleA, scaleB}, 2), Tensor.of(new float[] {biasA, biasB}, 2));
        }

        Tint(Tensor scale, Tensor bias) {
            this.scale = scale.reshape(1, 2, 1, 1);
            this.bias = bias.reshape(1, 2, 1, 1);
        }

        @Override
        public String architecture() {
            return "test-tint";
        }

        @Override
        public Normalization inputNormalization() {
            return Normalization.PIX2PIX;
        }

        @Override
        public int defaultRenderSize() {
            return 32;
        }

        @Override
        public Tensor predictAb(Tensor l) {
            return l.mul(scale).add(bias);
        }

        Map<String, Tensor> weights() {
            return Map.of("scale", scale.reshape(2), "bias", bias.reshape(2));
        }
    }

    public static final class TintFactory implements ModelFactory {
        @Override
        public String architecture() {
            return "test-tint";
        }

        @Override
        public ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights) {
            for (String key : new String[] {"scale", "bias"}) {
                Tensor t = weights.get(key);
                if (t == null || t.numel() != 2) {
                    throw new IllegalArgumentException("test-tint: weight '" + key + "' missing or not of size 2; have "
                            + weights.keySet());
                }
            }
            return new Tint(weights.get("scale"), weights.get("bias"));
        }
    }

    /**
     * ab varies across the render grid: a = 40 * (column / (S-1)) - 20, b = 40 * (row / (S-1)) - 20,
     * plus 5 * normalised L; shows where the upsampled chroma lands. Needs S >= 2 and a multiple of 4.
     */
    public static final class Ramp implements ColorizationModel {
        @Override
        public String architecture() {
            return "test-ramp";
        }

        @Override
        public Normalization inputNormalization() {
            return Normalization.ECCV16;
        }

        @Override
        public void checkRenderSize(int size) {
            if (size < 4 || size % 4 != 0) {
                throw new IllegalArgumentException("test-ramp: render size must be a positive multiple of 4, got " + size);
            }
        }

        @Override
        public Tensor predictAb(Tensor l) {
            int n = l.size(0), s = l.size(2);
            float[] in = l.toArray();
            float[] out = new float[n * 2 * s * s];
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        float v = 5 * in[(i * s + y) * s + x];
                        out[((i * 2) * s + y) * s + x] = 40f * x / (s - 1) - 20 + v;
                        out[((i * 2 + 1) * s + y) * s + x] = 40f * y / (s - 1) - 20 + v;
                    }
                }
            }
            return Tensor.of(out, n, 2, s, s);
        }
    }

    public static final class RampFactory implements ModelFactory {
        @Override
        public String architecture() {
            return "test-ramp";
        }

        @Override
        public ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights) {
            return new Ramp();
        }
    }
}
