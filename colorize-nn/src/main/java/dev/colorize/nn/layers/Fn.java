package dev.colorize.nn.layers;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;

/**
 * The functional ops the layers call, in one place. TEMPORARY bridge until core's {@code F}
 * (conv2d, convTranspose2d, batchNorm, upsample, dropout) lands on main: then every method here
 * becomes a one-line delegation and the private Functions below are deleted.
 */
final class Fn {
    private Fn() {
    }

    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        checkRank4("conv2d", x);
        if (x.size(1) != w.size(1)) {
            throw new IllegalArgumentException("conv2d: input " + java.util.Arrays.toString(x.shape())
                    + " has " + x.size(1) + " channels, weight " + java.util.Arrays.toString(w.shape()) + " expects " + w.size(1));
        }
        Tensor y = new Conv(spec, false).forward(x, w);
        return bias == null ? y : y.add(bias.reshape(1, -1, 1, 1));
    }

    /** Transposed convolution; weight [in, out, kH, kW]. */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        checkRank4("conv_transpose2d", x);
        if (x.size(1) != w.size(0)) {
            throw new IllegalArgumentException("conv_transpose2d: input " + java.util.Arrays.toString(x.shape())
                    + " has " + x.size(1) + " channels, weight " + java.util.Arrays.toString(w.shape()) + " expects " + w.size(0));
        }
        Tensor y = new Conv(spec, true).forward(x, w);
        return bias == null ? y : y.add(bias.reshape(1, -1, 1, 1));
    }

    /** Batch norm over (N, H, W) per channel, PyTorch rules; updates running stats in training mode. */
    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, float momentum, float eps) {
        checkRank4("batch_norm", x);
        int c = x.size(1);
        int[] dims = {0, 2, 3};
        Tensor mean;
        Tensor var;
        if (training || runningMean == null) {
            int n = x.numel() / c;
            if (training && n < 2) {
                throw new IllegalArgumentException("batch_norm: expected more than 1 value per channel when training, got input "
                        + java.util.Arrays.toString(x.shape()));
            }
            mean = x.mean(dims, true);
            var = x.var(dims, false, true);
            if (training && runningMean != null) {
                try (GradMode.Scope s = GradMode.noGrad()) {
                    Tensor m = mean.detach().reshape(c);
                    Tensor v = var.detach().reshape(c).mul((float) n / (n - 1));
                    runningMean.copyFrom(runningMean.mul(1f - momentum).add(m.mul(momentum)));
                    runningVar.copyFrom(runningVar.mul(1f - momentum).add(v.mul(momentum)));
                }
            }
        } else {
            mean = runningMean.reshape(1, c, 1, 1);
            var = runningVar.reshape(1, c, 1, 1);
        }
        Tensor y = x.sub(mean).div(var.add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight.reshape(1, c, 1, 1));
        }
        if (bias != null) {
            y = y.add(bias.reshape(1, c, 1, 1));
        }
        return y;
    }

    static Tensor upsample(Tensor x, int scale, boolean bilinear) {
        checkRank4("upsample", x);
        return new Upsampling(scale, bilinear).forward(x);
    }

    /** Inverted dropout: zeroes with probability p, scales survivors by 1/(1-p). */
    static Tensor dropout(Tensor x, float p, boolean training, Rng rng) {
        if (!training || p == 0f) {
            return x;
        }
        float[] mask = new float[x.numel()];
        float keep = p >= 1f ? 0f : 1f / (1f - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() < p ? 0f : keep;
        }
        return x.mul(Tensor.of(mask, x.shape()));
    }

    private static void checkRank4(String op, Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected NCHW input, got shape " + java.util.Arrays.toString(x.shape()));
        }
    }

    /** conv2d (transposed = false) or its adjoint (transposed = true), without bias. */
    private static final class Conv extends Function {
        private final ConvSpec spec;
        private final boolean transposed;
        private Tensor x;
        private Tensor w;

        Conv(ConvSpec spec, boolean transposed) {
            this.spec = spec;
            this.transposed = transposed;
        }

        @Override
        public String name() {
            return transposed ? "conv_transpose2d" : "conv2d";
        }

        @Override
        protected boolean supportsDoubleBackward() {
            return false;
        }

        Tensor forward(Tensor x, Tensor w) {
            this.x = x;
            this.w = w;
            int kh = w.size(2);
            int kw = w.size(3);
            Tensor out;
            if (transposed) {
                out = Tensor.zeros(x.backend(), x.size(0), w.size(1), spec.transposedOutH(x.size(2), kh),
                        spec.transposedOutW(x.size(3), kw));
                x.backend().conv2dInputGrad(x, w, out, spec);
            } else {
                out = Tensor.zeros(x.backend(), x.size(0), w.size(0), spec.convOutH(x.size(2), kh),
                        spec.convOutW(x.size(3), kw));
                x.backend().conv2d(x, w, null, out, spec);
            }
            return record(out, x, w);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gx = Tensor.zeros(x.backend(), x.shape());
            Tensor gw = Tensor.zeros(w.backend(), w.shape());
            if (transposed) {
                x.backend().conv2d(g, w, null, gx, spec);
                x.backend().conv2dWeightGrad(g, x, gw, spec);
            } else {
                x.backend().conv2dInputGrad(g, w, gx, spec);
                x.backend().conv2dWeightGrad(x, g, gw, spec);
            }
            return new Tensor[] {gx, gw};
        }
    }

    private static final class Upsampling extends Function {
        private final int scale;
        private final boolean bilinear;
        private int[] inShape;

        Upsampling(int scale, boolean bilinear) {
            this.scale = scale;
            this.bilinear = bilinear;
        }

        @Override
        public String name() {
            return bilinear ? "upsample_bilinear" : "upsample_nearest";
        }

        @Override
        protected boolean supportsDoubleBackward() {
            return false;
        }

        Tensor forward(Tensor x) {
            inShape = x.shape();
            Tensor out = Tensor.zeros(x.backend(), inShape[0], inShape[1], inShape[2] * scale, inShape[3] * scale);
            x.backend().upsample(x, out, scale, scale, bilinear);
            return record(out, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gx = Tensor.zeros(g.backend(), inShape);
            g.backend().upsampleAdjoint(g, gx, scale, scale, bilinear);
            return new Tensor[] {gx};
        }
    }
}
