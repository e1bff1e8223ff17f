package dev.colorize.nn.data;

import dev.colorize.core.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

/** Ways to turn a list of samples into a batch. */
public final class Collate {
    private Collate() {
    }

    /** Stacks tensor samples along a new dimension 0. */
    public static Function<List<Tensor>, Tensor> stack() {
        return samples -> Tensor.stack(0, samples.toArray(new Tensor[0])).contiguous();
    }

    /** Stacks each field of tuple samples ({@code Tensor[]}) along a new dimension 0. */
    public static Function<List<Tensor[]>, Tensor[]> stackFields() {
        return samples -> {
            int fields = samples.get(0).length;
            Tensor[] out = new Tensor[fields];
            for (int f = 0; f < fields; f++) {
                Tensor[] column = new Tensor[samples.size()];
                for (int i = 0; i < column.length; i++) {
                    if (samples.get(i).length != fields) {
                        throw new IllegalArgumentException("collate: sample " + i + " has " + samples.get(i).length
                                + " fields, sample 0 has " + fields);
                    }
                    column[i] = samples.get(i)[f];
                }
                out[f] = Tensor.stack(0, column).contiguous();
            }
            return out;
        };
    }
}
