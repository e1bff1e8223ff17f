package dev.colorize.nn.layers;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.init.Init;

/**
 * {@code y = x @ weight^T + bias} over the last dimension; weight [out, in], bias [out]; PyTorch's
 * default initialisation U(-1/sqrt(in), 1/sqrt(in)).
 */
public class Linear extends Module {
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Init.rng());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        Init.pytorchDefault(weight, this.bias, rng);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("Linear(" + weight.size(1) + " -> " + weight.size(0) + "): input shape "
                    + java.util.Arrays.toString(input.shape()) + " has " + input.size(-1) + " features");
        }
        Tensor y = input.matmul(weight.transpose(0, 1));
        return bias == null ? y : y.add(bias);
    }

    public final Tensor weight() { return weight; }
    public final Tensor bias() { return bias; }

    @Override
    protected String extraRepr() {
        return weight.size(1) + " -> " + weight.size(0) + (bias == null ? ", bias=false" : "");
    }
}
