package dev.colorize.gan.models;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.Storage;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Identity;

/**
 * A convolution's bias and the eval-mode BatchNorm after it (or no norm) folded into one per-channel
 * {@code scale} and {@code shift}: {@code bn(conv + b) = conv * scale + (b * scale + shift_bn)} with
 * {@code scale = w / sqrt(running_var + eps)}, {@code shift_bn = bias - running_mean * scale}, computed
 * with the same tensor ops as the BatchNorm's own eval path. Kept until one of the folded tensors'
 * storages changes ({@link Storage#version()}: optimizer steps, state-dict loads and
 * {@code copyFrom} bump it); storages that do not track versions are folded on every call.
 */
final class NormFold {
    private final Tensor convBias;
    private final BatchNorm2d bn;
    private final Tensor[] sources;
    private long[] versions;
    private Tensor scale;
    private Tensor shift;

    /** {@code norm}: a BatchNorm2d with running statistics, or null for none; {@code convBias} may be null. */
    private NormFold(BatchNorm2d norm, Tensor convBias) {
        this.bn = norm;
        this.convBias = convBias;
        this.sources = norm == null ? new Tensor[] {convBias}
                : new Tensor[] {convBias, norm.weight(), norm.bias(), norm.runningMean(), norm.runningVar()};
    }

    /** The fold of {@code norm} (a BatchNorm2d with running statistics, an Identity or null), else null. */
    static NormFold of(Module norm, Tensor convBias) {
        if (norm == null || norm instanceof Identity) {
            return new NormFold(null, convBias);
        }
        if (norm instanceof BatchNorm2d bn && bn.runningMean() != null) {
            return new NormFold(bn, convBias);
        }
        return null;
    }

    /** The per-channel scale (null: 1). */
    synchronized Tensor scale() {
        refresh();
        return scale;
    }

    /** The per-channel shift (null: 0). */
    synchronized Tensor shift() {
        refresh();
        return shift;
    }

    private void refresh() {
        long[] now = new long[sources.length];
        boolean tracked = true;
        for (int i = 0; i < sources.length; i++) {
            now[i] = sources[i] == null ? 0 : sources[i].storage().version();
            tracked &= now[i] >= 0;
        }
        if (tracked && versions != null && java.util.Arrays.equals(now, versions)) {
            return;
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
            fold();
        }
        versions = tracked ? now : null;
    }

    private void fold() {
        if (bn == null) {
            scale = null;
            shift = convBias == null ? null : convBias.detach();
            return;
        }
        Tensor sc = bn.runningVar().detach().add(bn.config().eps()).pow(-0.5f);
        if (bn.weight() != null) {
            sc = sc.mul(bn.weight().detach());
        }
        Tensor sh = bn.runningMean().detach().mul(sc).neg();
        if (bn.bias() != null) {
            sh = sh.add(bn.bias().detach());
        }
        if (convBias != null) {
            sh = convBias.detach().mul(sc).add(sh);
        }
        scale = sc;
        shift = sh;
    }
}
