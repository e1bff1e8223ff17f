package dev.colorize.nn.layers;

import dev.colorize.core.F;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/**
 * Batch normalisation over (N, H, W) per channel with PyTorch's rules: training normalises with the
 * batch mean and biased variance and updates {@code running_mean}/{@code running_var} (the latter
 * with the unbiased variance); eval uses the running statistics. State dict keys: {@code weight},
 * {@code bias} (if affine), {@code running_mean}, {@code running_var}, {@code num_batches_tracked}
 * (if tracking; kept as a float here, saved as I64).
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(64);                                  // eps 1e-5, momentum 0.1
 * BatchNorm2d plain = BatchNorm2d.builder(64).affine(false).momentum(null).build();
 * }</pre>
 */
public class BatchNorm2d extends Module {
    private final Config config;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /**
     * Hyper-parameters; {@code momentum == null} means a cumulative moving average
     * (factor 1/num_batches_tracked), as PyTorch's {@code momentum=None}.
     */
    public record Config(int numFeatures, float eps, Float momentum, boolean affine, boolean trackRunningStats) {
        public Config {
            if (numFeatures < 1 || !(eps > 0)) {
                throw new IllegalArgumentException("BatchNorm2d: invalid " + numFeatures + " features / eps " + eps);
            }
        }
    }

    public BatchNorm2d(int numFeatures) {
        this(new Config(numFeatures, 1e-5f, 0.1f, true, true));
    }

    public BatchNorm2d(Config config) {
        this.config = config;
        int c = config.numFeatures;
        weight = config.affine ? registerParameter("weight", Tensor.ones(c)) : null;
        bias = config.affine ? registerParameter("bias", Tensor.zeros(c)) : null;
        if (config.trackRunningStats) {
            runningMean = registerBuffer("running_mean", Tensor.zeros(c));
            runningVar = registerBuffer("running_var", Tensor.ones(c));
            numBatchesTracked = registerIntegerBuffer("num_batches_tracked", Tensor.zeros(new int[0]));
        } else {
            runningMean = null;
            runningVar = null;
            numBatchesTracked = null;
        }
    }

    public static Builder builder(int numFeatures) {
        return new Builder(numFeatures);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 || input.size(1) != config.numFeatures) {
            throw new IllegalArgumentException("BatchNorm2d(" + config.numFeatures + "): expected [N, "
                    + config.numFeatures + ", H, W], got " + java.util.Arrays.toString(input.shape()));
        }
        float factor = 0f;
        if (isTraining() && config.trackRunningStats) {
            try (GradMode.Scope s = GradMode.noGrad()) {
                numBatchesTracked.copyFrom(numBatchesTracked.add(1f));
            }
            factor = config.momentum == null ? 1f / numBatchesTracked.item() : config.momentum;
        }
        boolean useBatchStats = isTraining() || runningMean == null;
        return F.batchNorm(input, runningMean, runningVar, weight, bias, useBatchStats, factor, config.eps);
    }

    public final Tensor weight() { return weight; }
    public final Tensor bias() { return bias; }
    public final Tensor runningMean() { return runningMean; }
    public final Tensor runningVar() { return runningVar; }
    /** The count of training batches seen (a float holding a whole number), or null when not tracking. */
    public final Tensor numBatchesTracked() { return numBatchesTracked; }
    public final Config config() { return config; }

    @Override
    protected String extraRepr() {
        return config.numFeatures + ", eps=" + config.eps + ", momentum=" + config.momentum
                + ", affine=" + config.affine + ", track_running_stats=" + config.trackRunningStats;
    }

    /** Fluent construction; defaults eps 1e-5, momentum 0.1, affine, tracking running stats. */
    public static final class Builder {
        private final int features;
        private float eps = 1e-5f;
        private Float momentum = 0.1f;
        private boolean affine = true;
        private boolean track = true;

        Builder(int features) {
            this.features = features;
        }

        public Builder eps(float e) { eps = e; return this; }
        /** null for a cumulative average. */
        public Builder momentum(Float m) { momentum = m; return this; }
        public Builder affine(boolean a) { affine = a; return this; }
        public Builder trackRunningStats(boolean t) { track = t; return this; }

        public BatchNorm2d build() {
            return new BatchNorm2d(new Config(features, eps, momentum, affine, track));
        }
    }
}
