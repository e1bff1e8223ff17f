package dev.colorize.nn.layers;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

/**
 * Instance normalisation: each (sample, channel) plane normalised by its own mean and biased
 * variance, eps inside the sqrt; optional affine {@code weight}/{@code bias} per channel (PyTorch's
 * default is {@code affine=false} and no running statistics, which is what this layer supports).
 */
public class InstanceNorm2d extends Module {
    private final int numFeatures;
    private final float eps;
    private final Tensor weight;
    private final Tensor bias;

    public InstanceNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f, false);
    }

    public InstanceNorm2d(int numFeatures, float eps, boolean affine) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != numFeatures) {
            throw new IllegalArgumentException("InstanceNorm2d(" + numFeatures + "): expected [N, " + numFeatures
                    + ", H, W], got " + java.util.Arrays.toString(x.shape()));
        }
        int[] dims = {2, 3};
        Tensor y = x.sub(x.mean(dims, true)).div(x.var(dims, false, true).add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight.reshape(1, numFeatures, 1, 1)).add(bias.reshape(1, numFeatures, 1, 1));
        }
        return y;
    }

    public final Tensor weight() { return weight; }
    public final Tensor bias() { return bias; }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", affine=" + (weight != null);
    }
}
