package dev.colorize.nn.init;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.ConvTranspose2d;
import dev.colorize.nn.layers.Linear;

/**
 * Parameter initialisers after {@code torch.nn.init}, all in place and seeded by an explicit
 * {@link Rng}. Layers created without an {@code Rng} draw from {@link #rng()}, a process-wide
 * generator that {@link #manualSeed} resets (like {@code torch.manual_seed}).
 *
 * <pre>{@code
 * Init.manualSeed(42);
 * Conv2d conv = new Conv2d(3, 8, 4);                 // PyTorch default init from Init.rng()
 * Init.normal(conv.weight(), 0, 0.02, new Rng(7));   // pix2pix-style re-initialisation
 * }</pre>
 */
public final class Init {
    private static final long DEFAULT_SEED = 0x5EEDC0L;
    private static Rng global = new Rng(DEFAULT_SEED);

    private Init() {
    }

    /** How kaiming initialisers pick the fan. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Non-linearities for {@link #gain}. */
    public enum Nonlinearity { LINEAR, CONV, SIGMOID, TANH, RELU, LEAKY_RELU }

    /** Resets the default generator used by layers built without an explicit {@link Rng}. */
    public static synchronized void manualSeed(long seed) {
        global = new Rng(seed);
    }

    /** The default generator (shared; layers constructed on several threads should pass their own). */
    public static synchronized Rng rng() {
        return global;
    }

    // ---------------------------------------------------------------- fans and gains

    /** PyTorch's fan_in: size(1) times the receptive field (for ConvTranspose2d weights [in, out, kH, kW] that is out*kH*kW). */
    public static int fanIn(Tensor t) {
        checkRank(t, "fanIn");
        return t.size(1) * receptive(t);
    }

    public static int fanOut(Tensor t) {
        checkRank(t, "fanOut");
        return t.size(0) * receptive(t);
    }

    private static int receptive(Tensor t) {
        int r = 1;
        for (int d = 2; d < t.dim(); d++) {
            r *= t.size(d);
        }
        return r;
    }

    private static void checkRank(Tensor t, String what) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(what + ": needs a tensor of rank >= 2, got shape "
                    + java.util.Arrays.toString(t.shape()));
        }
    }

    /** {@code torch.nn.init.calculate_gain}; {@code param} is the leaky_relu slope (ignored otherwise). */
    public static double gain(Nonlinearity nl, double param) {
        switch (nl) {
            case LINEAR: case CONV: case SIGMOID: return 1.0;
            case TANH: return 5.0 / 3;
            case RELU: return Math.sqrt(2.0);
            case LEAKY_RELU: return Math.sqrt(2.0 / (1 + param * param));
            default: throw new IllegalArgumentException(nl.toString());
        }
    }

    // ---------------------------------------------------------------- distributions

    /** U(a, b) in place. */
    public static Tensor uniform(Tensor t, double a, double b, Rng rng) {
        float[] data = new float[t.numel()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (a + (b - a) * rng.nextDouble());
        }
        return write(t, data);
    }

    /** N(mean, std²) in place. */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        float[] data = new float[t.numel()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (mean + std * rng.nextGaussian());
        }
        return write(t, data);
    }

    public static Tensor constant(Tensor t, float value) {
        float[] data = new float[t.numel()];
        java.util.Arrays.fill(data, value);
        return write(t, data);
    }

    public static Tensor zeros(Tensor t) {
        return constant(t, 0f);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1f);
    }

    /** Glorot uniform: U(-g*sqrt(6/(fan_in+fan_out)), +...). */
    public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, -bound, bound, rng);
    }

    /** Glorot normal: N(0, g²*2/(fan_in+fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
        return normal(t, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), rng);
    }

    /** He uniform: U(-b, b) with b = gain(nl, a) * sqrt(3 / fan). */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nl, Rng rng) {
        double std = gain(nl, a) / Math.sqrt(mode == FanMode.FAN_IN ? fanIn(t) : fanOut(t));
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, rng);
    }

    /** He normal: N(0, (gain(nl, a) / sqrt(fan))²). */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nl, Rng rng) {
        double std = gain(nl, a) / Math.sqrt(mode == FanMode.FAN_IN ? fanIn(t) : fanOut(t));
        return normal(t, 0, std, rng);
    }

    /**
     * PyTorch's default for Conv2d, ConvTranspose2d and Linear: weight kaiming_uniform(a = sqrt 5),
     * which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and bias (if any) from the same range.
     */
    public static void pytorchDefault(Tensor weight, Tensor bias, Rng rng) {
        kaimingUniform(weight, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
        if (bias != null) {
            int fan = fanIn(weight);
            double bound = fan > 0 ? 1 / Math.sqrt(fan) : 0;
            uniform(bias, -bound, bound, rng);
        }
    }

    /**
     * pix2pix's {@code init_weights(net, 'normal', gain)}: every Conv2d / ConvTranspose2d / Linear
     * weight N(0, gain²) and bias 0; every BatchNorm2d weight N(1, gain²) and bias 0. Modules are
     * visited in state-dict order, so the result depends only on {@code rng}.
     */
    public static Module pix2pixNormal(Module root, double gain, Rng rng) {
        for (Module m : root.namedModules().values()) {
            if (m instanceof Conv2d c) {
                normalWeightZeroBias(c.weight(), c.bias(), gain, rng);
            } else if (m instanceof ConvTranspose2d c) {
                normalWeightZeroBias(c.weight(), c.bias(), gain, rng);
            } else if (m instanceof Linear l) {
                normalWeightZeroBias(l.weight(), l.bias(), gain, rng);
            } else if (m instanceof BatchNorm2d bn && bn.weight() != null) {
                normal(bn.weight(), 1.0, gain, rng);
                zeros(bn.bias());
            }
        }
        return root;
    }

    private static void normalWeightZeroBias(Tensor weight, Tensor bias, double gain, Rng rng) {
        normal(weight, 0.0, gain, rng);
        if (bias != null) {
            zeros(bias);
        }
    }

    private static Tensor write(Tensor t, float[] data) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            t.copyFrom(Tensor.of(data, t.shape()));
        }
        return t;
    }
}
