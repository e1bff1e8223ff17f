package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.ReduceOp;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/** Sum, mean, variance and max over dimensions; {@code dims == null} means all of them. */
public final class Reductions {
    private Reductions() {
    }

    /** Values and (non-differentiable) indices of a max along one dimension. */
    public record MaxResult(Tensor values, Tensor indices) {
        /** The indices as longs, row-major. */
        public long[] indexArray() {
            float[] f = indices.toArray();
            long[] out = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = (long) f[i];
            }
            return out;
        }
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        return new Sum().forward(x, Shapes.dimFlags("sum", dims, x.dim()), keepDim);
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        boolean[] flags = Shapes.dimFlags("mean", dims, x.dim());
        return new Sum().forward(x, flags, keepDim).mul(1f / count(x.shape(), flags));
    }

    /** Two-pass variance: mean of squared deviations, divided by n - 1 when {@code unbiased}. */
    public static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        boolean[] flags = Shapes.dimFlags("var", dims, x.dim());
        int n = count(x.shape(), flags);
        if (unbiased && n < 2) {
            throw new ShapeException("var: unbiased variance over " + n + " element(s) of shape " + Shapes.str(x.shape()));
        }
        Tensor centered = x.sub(new Sum().forward(x, flags, true).mul(1f / n));
        return new Sum().forward(centered.mul(centered), flags, keepDim).mul(1f / (unbiased ? n - 1 : n));
    }

    public static MaxResult max(Tensor x, int dim, boolean keepDim) {
        return new Max().forward(x, Shapes.dim("max", dim, x.dim()), keepDim);
    }

    /** Sums the broadcast dimensions of {@code x} away so that it has shape {@code target}. */
    public static Tensor sumTo(Tensor x, int[] target) {
        int[] shape = x.shape();
        if (Arrays.equals(shape, target)) {
            return x;
        }
        int lead = shape.length - target.length;
        if (lead < 0) {
            throw new ShapeException("sumTo: cannot reduce " + Shapes.str(shape) + " to " + Shapes.str(target));
        }
        boolean[] flags = new boolean[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (i < lead) {
                flags[i] = true;
            } else if (target[i - lead] == 1 && shape[i] != 1) {
                flags[i] = true;
            } else if (target[i - lead] != shape[i]) {
                throw new ShapeException("sumTo: cannot reduce " + Shapes.str(shape) + " to " + Shapes.str(target));
            }
        }
        return new Sum().forward(x, flags, true).reshape(target);
    }

    static int count(int[] shape, boolean[] flags) {
        int n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (flags[i]) {
                n *= shape[i];
            }
        }
        return n;
    }

    static final class Sum extends Function {
        private int[] inShape;
        private int[] keptShape;

        public String name() { return "sum"; }

        Tensor forward(Tensor x, boolean[] flags, boolean keepDim) {
            inShape = x.shape();
            Tensor out = Kernels.reduce(ReduceOp.SUM, x, flags);
            keptShape = out.shape();
            if (!keepDim) {
                out = Kernels.viewAs(out, Shapes.squeezedShape(inShape, flags));
            }
            return record(out, x);
        }

        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.reshape(keptShape).expand(inShape)}; }
    }

    /** The gradient goes to the (first) arg-max only. */
    static final class Max extends Function {
        private int[] inShape;
        private int dim;
        private Tensor indices;

        public String name() { return "max"; }

        MaxResult forward(Tensor x, int dim, boolean keepDim) {
            this.inShape = x.shape();
            this.dim = dim;
            int[] kept = inShape.clone();
            kept[dim] = 1;
            Tensor values = Tensor.zeros(x.backend(), kept);
            indices = Tensor.zeros(x.backend(), kept);
            x.backend().maxAlongDim(x, dim, values, indices);
            Tensor v = values;
            Tensor idx = indices;
            if (!keepDim) {
                boolean[] flags = new boolean[inShape.length];
                flags[dim] = true;
                int[] squeezed = Shapes.squeezedShape(inShape, flags);
                v = Kernels.viewAs(values, squeezed);
                idx = Kernels.viewAs(indices, squeezed);
            }
            return new MaxResult(record(keepDim ? v : v, x), idx);
        }

        protected Tensor[] backward(Tensor g) {
            int[] positionShape = new int[inShape.length];
            Arrays.fill(positionShape, 1);
            positionShape[dim] = inShape[dim];
            Tensor position = Tensor.arange(inShape[dim]).reshape(positionShape);
            Tensor oneHot = Kernels.binary("max", BinaryOp.EQ, position, indices);
            int[] kept = inShape.clone();
            kept[dim] = 1;
            return new Tensor[] {g.reshape(kept).mul(oneHot)};
        }
    }
}
