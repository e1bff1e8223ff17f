package dev.colorize.nn.layers;

import dev.colorize.core.F;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.init.Init;

/**
 * Transposed 2-D convolution; <b>weight [in, out, kH, kW]</b> as in PyTorch, bias [out]. Output size
 * (H-1)*stride - 2*padding + dilation*(k-1) + outputPadding + 1. Initialised like PyTorch with
 * fan_in = weight.size(1)*kH*kW = out*kH*kW.
 *
 * <pre>{@code
 * ConvTranspose2d up = ConvTranspose2d.builder(128, 64, 4).stride(2).padding(1).bias(false).build();
 * }</pre>
 */
public class ConvTranspose2d extends Module {
    private final Config config;
    private final ConvSpec spec;
    private final Tensor weight;
    private final Tensor bias;

    /** The layer's hyper-parameters (immutable). */
    public record Config(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                         int padH, int padW, int outputPadH, int outputPadW, int dilationH, int dilationW,
                         boolean bias) {
        public Config {
            if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1) {
                throw new IllegalArgumentException("ConvTranspose2d: invalid channels/kernel in " + this);
            }
            if (outputPadH >= Math.max(strideH, dilationH) || outputPadW >= Math.max(strideW, dilationW)) {
                throw new IllegalArgumentException("ConvTranspose2d: output padding must be smaller than stride or dilation: " + this);
            }
        }
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this(builder(inChannels, outChannels, kernel).stride(stride).padding(padding).bias(bias).config(), Init.rng());
    }

    public ConvTranspose2d(Config config, Rng rng) {
        this.config = config;
        this.spec = new ConvSpec(config.strideH, config.strideW, config.padH, config.padW,
                config.dilationH, config.dilationW, config.outputPadH, config.outputPadW);
        this.weight = registerParameter("weight",
                Tensor.zeros(config.inChannels, config.outChannels, config.kernelH, config.kernelW));
        this.bias = config.bias ? registerParameter("bias", Tensor.zeros(config.outChannels)) : null;
        resetParameters(rng);
    }

    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel);
    }

    /** Re-draws the PyTorch default initialisation (fan_in from weight.size(1) = out channels). */
    public final void resetParameters(Rng rng) {
        Init.pytorchDefault(weight, bias, rng);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.convTranspose2d(input, weight, bias, spec);
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
                + (config.outputPadH != 0 || config.outputPadW != 0
                    ? ", output_padding=" + config.outputPadH + "x" + config.outputPadW : "")
                + (config.bias ? "" : ", bias=false");
    }

    /** Fluent construction; defaults stride 1, padding 0, output padding 0, dilation 1, bias true. */
    public static final class Builder {
        private final int in;
        private final int out;
        private int kh;
        private int kw;
        private int sh = 1;
        private int sw = 1;
        private int ph;
        private int pw;
        private int oph;
        private int opw;
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
        public Builder outputPadding(int p) { return outputPadding(p, p); }
        public Builder outputPadding(int h, int w) { oph = h; opw = w; return this; }
        public Builder dilation(int d) { return dilation(d, d); }
        public Builder dilation(int h, int w) { dh = h; dw = w; return this; }
        public Builder bias(boolean b) { bias = b; return this; }

        public Config config() {
            return new Config(in, out, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, bias);
        }

        public ConvTranspose2d build(Rng rng) {
            return new ConvTranspose2d(config(), rng);
        }

        public ConvTranspose2d build() {
            return build(Init.rng());
        }
    }
}
