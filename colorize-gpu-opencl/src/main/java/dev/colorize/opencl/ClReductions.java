package dev.colorize.opencl;

import dev.colorize.core.backend.ReduceOp;
import dev.colorize.core.tensor.Tensor;

/** Sum / max / min over a set of dimensions and max-with-index along one: reduce.cl. */
final class ClReductions {
    /** Reductions at least this long get a work-group each; shorter ones a work-item each. */
    private static final int GROUP_THRESHOLD = 64;
    private static final int GROUP_SIZE = 64;

    private final OpenClBackend be;

    ClReductions(OpenClBackend be) {
        this.be = be;
    }

    void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        be.intoContiguous(out, o -> reduceInto(op, x, dims, o));
    }

    private void reduceInto(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] outerShape = new int[shape.length];
        int[] innerShape = new int[shape.length];
        int outer = 1, inner = 1;
        for (int d = 0; d < shape.length; d++) {
            boolean reduced = dims[d];
            outerShape[d] = reduced ? 1 : shape[d];
            innerShape[d] = reduced ? shape[d] : 1;
            outer *= outerShape[d];
            inner *= innerShape[d];
        }
        if (outer == 0) {
            return;
        }
        ClLayout o = ClLayout.coalesce("reduce", outerShape, new int[][] {strides});
        ClLayout in = ClLayout.coalesce("reduce", innerShape, new int[][] {strides});
        int code = switch (op) { case SUM -> 0; case MAX -> 1; case MIN -> 2; };
        boolean groups = inner >= GROUP_THRESHOLD;
        ClContext.Launch launch = be.cl().launch(groups ? "reduce_groups" : "reduce_items").arg(code);
        if (!groups) {
            launch.arg(outer);
        }
        launch.arg(inner).arg(o.rank).vec(o.shape).vec(o.strides[0]).arg(in.rank).vec(in.shape).vec(in.strides[0])
                .mem(be.storage(x, "reduce")).arg(x.offset()).mem(be.storage(out, "reduce")).arg(out.offset());
        if (groups) {
            launch.local(GROUP_SIZE).run(new long[] {(long) outer * GROUP_SIZE}, new long[] {GROUP_SIZE});
        } else {
            launch.run1d(outer);
        }
    }

    void maxAlongDim(Tensor x, int dim, Tensor values, Tensor indices) {
        be.intoContiguous(values, v -> be.intoContiguous(indices, i -> maxInto(x, dim, v, i)));
    }

    private void maxInto(Tensor x, int dim, Tensor values, Tensor indices) {
        int[] shape = x.shape();
        int len = shape[dim];
        int[] kept = shape.clone();
        kept[dim] = 1;
        int outer = 1;
        for (int s : kept) {
            outer *= s;
        }
        if (len == 0) {
            throw new IllegalArgumentException("opencl max: dimension " + dim + " of " + java.util.Arrays.toString(shape) + " is empty");
        }
        ClLayout l = ClLayout.coalesce("max", kept, new int[][] {x.strides()});
        be.cl().launch("max_along").arg(outer).arg(len).arg(x.strides()[dim]).arg(l.rank).vec(l.shape).vec(l.strides[0])
                .mem(be.storage(x, "max")).arg(x.offset()).mem(be.storage(values, "max")).arg(values.offset())
                .mem(be.storage(indices, "max")).arg(indices.offset()).run1d(outer);
    }
}
