package dev.colorize.core.ops;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.ReduceOp;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

/**
 * Graph-free helpers that allocate an output and run one backend kernel. Ops use them for forward
 * results and for constant masks inside backward (masks carry no gradient by definition).
 */
public final class Kernels {
    private Kernels() {
    }

    /** The backend shared by all non-null tensors; tensors of different storage kinds are an error. */
    static Backend backendOf(String op, Tensor... ts) {
        Tensor first = null;
        for (Tensor t : ts) {
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
            } else if (t.storage().getClass() != first.storage().getClass()) {
                throw new IllegalArgumentException(op + ": tensors live on different backends ("
                        + first.backend().name() + " and " + t.backend().name() + ")");
            }
        }
        return first.backend();
    }

    /** A stride-0 view of {@code t} with shape {@code target} (no graph). */
    public static Tensor broadcastView(Tensor t, int[] target, String op) {
        int[] shape = t.shape();
        if (java.util.Arrays.equals(shape, target)) {
            return t;
        }
        if (target.length < shape.length) {
            throw new ShapeException(op + ": cannot broadcast " + Shapes.str(shape) + " to " + Shapes.str(target));
        }
        int[] strides = new int[target.length];
        int[] src = t.strides();
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                strides[i] = 0;
                continue;
            }
            int d = shape[i - lead];
            if (d == target[i]) {
                strides[i] = src[i - lead];
            } else if (d == 1) {
                strides[i] = 0;
            } else {
                throw new ShapeException(op + ": cannot broadcast " + Shapes.str(shape) + " to " + Shapes.str(target));
            }
        }
        return new Tensor(t.storage(), t.offset(), target, strides);
    }

    /**
     * A weight as a constant of this call when no graph is being recorded (inference): the same
     * storage, without requiresGrad. Kernels treat weights that require a gradient as being trained
     * (no packed copy kept until they settle); under {@code GradMode.noGrad()} they are not.
     */
    public static Tensor constantUnlessRecording(Tensor w) {
        return w == null || GradMode.isEnabled() || !w.requiresGrad() ? w : w.detach();
    }

    public static Tensor empty(Backend b, int[] shape) {
        return Tensor.zeros(b, shape);
    }

    public static Tensor unary(UnaryOp op, Tensor x, float p1, float p2) {
        Tensor out = empty(x.backend(), x.shape());
        x.backend().unary(op, p1, p2, x, out);
        return out;
    }

    public static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        Backend be = backendOf(name, a, b);
        int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
        Tensor out = empty(be, shape);
        be.binary(op, broadcastView(a, shape, name), broadcastView(b, shape, name), out);
        return out;
    }

    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Backend be = backendOf("where", cond, a, b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape(), a.shape()), b.shape());
        Tensor out = empty(be, shape);
        be.where(broadcastView(cond, shape, "where"), broadcastView(a, shape, "where"),
                broadcastView(b, shape, "where"), out);
        return out;
    }

    /** Reduction in keepdim layout. */
    public static Tensor reduce(ReduceOp op, Tensor x, boolean[] flags) {
        Tensor out = empty(x.backend(), Shapes.keepDimShape(x.shape(), flags));
        x.backend().reduce(op, x, flags, out);
        return out;
    }

    /** A contiguous copy (no graph). */
    public static Tensor dense(Tensor x) {
        if (x.isContiguous()) {
            return x;
        }
        Tensor out = empty(x.backend(), x.shape());
        x.backend().copy(x, out);
        return out;
    }

    /** A view with a new shape of a contiguous tensor (no graph). */
    public static Tensor viewAs(Tensor contiguous, int[] shape) {
        return new Tensor(contiguous.storage(), contiguous.offset(), shape, Shapes.contiguousStrides(shape));
    }

    /** The float value of a scalar-or-larger tensor's sum (reads back to the host). */
    public static float scalarSum(Tensor x) {
        return reduce(ReduceOp.SUM, x, Shapes.dimFlags("sum", null, x.dim())).item();
    }
}
