package dev.colorize.nn.layers;

import dev.colorize.core.F;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.init.Init;

/**
 * 2-D convolution over NCHW input; weight [out, in, kH, kW], bias [out] (keys {@code weight},
 * {@code bias}). Initialised like PyTorch: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in*kH*kW.
 *
 * <pre>{@code
 * Conv2d down = Conv2d.builder(64, 128, 4).stride(2).padding(1).bias(false).build();
 * Conv2d dilated = Conv2d.builder(32, 32, 3).padding(2).dilation(2).build(new Rng(1));
 * Conv2d plain = new Conv2d(3, 8, 3);        // stride 1, no padding, with bias
 * }</pre>
 */
public class Conv2d extends Module {
    private final Config config;
    private final ConvSpec spec;
    private final Tensor weight;
    private final Tensor bias;

    /** The layer's hyper-parameters (immutable). */
    public record Config(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                         int padH, int padW, int dilationH, int dilationW, boolean bias) {
        public Config {
            if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1) {
                throw new IllegalArgumentException("Conv2d: invalid channels/kernel in " + this);
            }
        }
    }

    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(builder(inChannels, outChannels, kernel).config(), Init.rng());
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this(builder(inChannels, outChannels, kernel).stride(stride).padding(padding).bias(bias).config(), Init.rng());
    }

    public Conv2d(Config config, Rng rng) {
        this.config = config;
        this.spec = new ConvSpec(config.strideH, config.strideW, config.padH, config.padW,
                config.dilationH, config.dilationW, 0, 0);
        this.weight = registerParameter("weight",
                Tensor.zeros(config.outChannels, config.inChannels, config.kernelH, config.kernelW));
        this.bias = config.bias ? registerParameter("bias", Tensor.zeros(config.outChannels)) : null;
        resetParameters(rng);
    }

    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel);
    }

    /** Re-draws the PyTorch default initialisation. */
    public final void resetParameters(Rng rng) {
        Init.pytorchDefault(weight, bias, rng);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.conv2d(input, weight, bias, spec);
    }

    public final Tensor weight() {
        return weight;
    }

    /** The bias, or null when built with {@code bias(false)}. */
    public final Tensor bias() {
        return bias;
    }

    public final Config config() {
        return config;
    }

    public final ConvSpec spec() {
        return spec;
    }

    @Override
    protected String extraRepr() {
        return config.inChannels + ", " + config.outChannels + ", kernel=" + config.kernelH + "x" + config.kernelW
                + ", stride=" + config.strideH + "x" + config.strideW + ", padding=" + config.padH + "x" + config.padW
                + (config.dilationH != 1 || config.dilationW != 1 ? ", dilation=" + config.dilationH + "x" + config.dilationW : "")
                + (config.bias ? "" : ", bias=false");
    }

    /** Fluent construction; defaults stride 1, padding 0, dilation 1, bias true. */
    public static final class Builder {
        private final int in;
        private final int out;
        private int kh;
        private int kw;
        private int sh = 1;
        private int sw = 1;
        private int ph;
        private int pw;
        private int dh = 1;
        private int dw = 1;
        private boolean bias = true;

        Builder(int in, int out, int kernel) {
            this.in = in;
            this.out = out;
            this.kh = kernel;
            this.kw = kernel;
        }

        public Builder kernel(int h, int w) { kh = h; kw = w; return this; }
        public Builder stride(int s) { return stride(s, s); }
        public Builder stride(int h, int w) { sh = h; sw = w; return this; }
        public Builder padding(int p) { return padding(p, p); }
        public Builder padding(int h, int w) { ph = h; pw = w; return this; }
        public Builder dilation(int d) { return dilation(d, d); }
        public Builder dilation(int h, int w) { dh = h; dw = w; return this; }
        public Builder bias(boolean b) { bias = b; return this; }

        public Config config() {
            return new Config(in, out, kh, kw, sh, sw, ph, pw, dh, dw, bias);
        }

        /** Builds with parameters drawn from {@code rng}. */
        public Conv2d build(Rng rng) {
            return new Conv2d(config(), rng);
        }

        /** Builds with parameters drawn from {@link Init#rng()}. */
        public Conv2d build() {
            return build(Init.rng());
        }
    }
}
