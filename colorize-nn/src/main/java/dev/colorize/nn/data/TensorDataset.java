package dev.colorize.nn.data;

import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * Samples as slices along dimension 0 of one or more tensors of equal length, like
 * {@code torch.utils.data.TensorDataset}: sample i is {@code {t0[i], t1[i], ...}}.
 */
public final class TensorDataset implements Dataset<Tensor[]> {
    private final Tensor[] tensors;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("TensorDataset: no tensors");
        }
        for (Tensor t : tensors) {
            if (t.dim() == 0 || t.size(0) != tensors[0].size(0)) {
                throw new IllegalArgumentException("TensorDataset: tensors differ in length along dimension 0: "
                        + Arrays.toString(t.shape()) + " vs " + Arrays.toString(tensors[0].shape()));
            }
        }
        this.tensors = tensors.clone();
    }

    @Override
    public int size() {
        return tensors[0].size(0);
    }

    @Override
    public Tensor[] get(int index) {
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            out[i] = tensors[i].slice(0, index, index + 1).squeeze(0);
        }
        return out;
    }
}
