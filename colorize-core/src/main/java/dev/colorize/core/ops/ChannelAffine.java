package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * {@code y[n,c,...] = x[n,c,...] * scale[c] + shift[c]} for x [N,C,...] and per-channel scale and
 * shift [C] (shift may be null): batch norm's normalisation and affine step in one pass
 * ({@link Backend#channelAffine}). Backward: {@code gx = g * scale}, {@code gscale = sum(g * x)},
 * {@code gshift = sum(g)} over every dimension but 1.
 */
final class ChannelAffine extends Function {
    private Tensor x;
    private Tensor scale;
    private Tensor shift;

    public String name() { return "channel_affine"; }

    static Tensor apply(Tensor x, Tensor scale, Tensor shift) {
        return new ChannelAffine().forward(x, scale, shift);
    }

    Tensor forward(Tensor x, Tensor scale, Tensor shift) {
        int c = x.size(1);
        if (scale.dim() != 1 || scale.size(0) != c || (shift != null && (shift.dim() != 1 || shift.size(0) != c))) {
            throw new ShapeException(name() + ": scale " + Shapes.str(scale.shape()) + " and shift "
                    + (shift == null ? "null" : Shapes.str(shift.shape())) + " must be [" + c + "] for input "
                    + Shapes.str(x.shape()));
        }
        this.x = x;
        this.scale = scale;
        this.shift = shift;
        Backend b = Kernels.backendOf(name(), x, scale, shift);
        Tensor out = Kernels.empty(b, x.shape());
        b.channelAffine(x, scale, shift, out);
        return record(out, x, scale, shift);
    }

    protected Tensor[] backward(Tensor g) {
        int[] dims = otherDims(x.dim());
        Tensor gx = x.requiresGrad() ? apply(g, scale, null) : null;
        Tensor gs = scale.requiresGrad() ? g.mul(x).sum(dims, false) : null;
        Tensor gb = shift != null && shift.requiresGrad() ? g.sum(dims, false) : null;
        return new Tensor[] {gx, gs, gb};
    }

    /** Every dimension but 1 (the channels) of a rank-{@code rank} tensor. */
    static int[] otherDims(int rank) {
        int[] dims = new int[rank - 1];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i != 1) {
                dims[j++] = i;
            }
        }
        return dims;
    }
}
