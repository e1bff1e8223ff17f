package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/** Matrix product of 2-D or batched operands ({@code [..., M, K] @ [..., K, N]}, batch dims broadcast). */
public final class MatMul extends Function {
    private Tensor a;
    private Tensor b;

    public static Tensor apply(Tensor a, Tensor b) {
        return new MatMul().forward(a, b);
    }

    @Override
    public String name() {
        return "matmul";
    }

    Tensor forward(Tensor a, Tensor b) {
        if (a.dim() < 2 || b.dim() < 2) {
            throw new ShapeException("matmul: operands need rank >= 2, got " + Shapes.str(a.shape()) + " @ " + Shapes.str(b.shape()));
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        int m = as[as.length - 2], k = as[as.length - 1];
        int k2 = bs[bs.length - 2], n = bs[bs.length - 1];
        if (k != k2) {
            throw new ShapeException("matmul: inner dimensions differ: " + Shapes.str(as) + " @ " + Shapes.str(bs));
        }
        int[] batch = Shapes.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        int batches = Shapes.numel(batch);
        Tensor a3 = as3d(a, batch, batches, m, k);
        Tensor b3 = as3d(b, batch, batches, k, n);
        Tensor out = Tensor.zeros(Kernels.backendOf("matmul", a, b), batches, m, n);
        out.backend().matmul(a3, b3, out);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        this.a = a;
        this.b = b;
        return record(Kernels.viewAs(out, outShape), a, b);
    }

    /** A [B, rows, cols] view (or copy, when broadcast batch dims cannot be flattened) of t. */
    private static Tensor as3d(Tensor t, int[] batch, int batches, int rows, int cols) {
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        Tensor e = Kernels.broadcastView(t, full, "matmul");
        int[] st = e.strides();
        int rank = full.length;
        if (batch.length == 0) {
            return new Tensor(e.storage(), e.offset(), new int[] {1, rows, cols}, new int[] {0, st[0], st[1]});
        }
        if (batch.length == 1) {
            return new Tensor(e.storage(), e.offset(), new int[] {batches, rows, cols}, new int[] {st[0], st[1], st[2]});
        }
        boolean mergeable = true;
        for (int d = 0; d < batch.length - 1; d++) {
            mergeable &= st[d] == st[d + 1] * full[d + 1];
        }
        if (mergeable) {
            return new Tensor(e.storage(), e.offset(), new int[] {batches, rows, cols},
                    new int[] {st[batch.length - 1], st[rank - 2], st[rank - 1]});
        }
        return Kernels.viewAs(Kernels.dense(e), new int[] {batches, rows, cols});
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor ga = a.requiresGrad() ? g.matmul(b.transpose(-1, -2)).sumTo(a.shape()) : null;
        Tensor gb = b.requiresGrad() ? a.transpose(-1, -2).matmul(g).sumTo(b.shape()) : null;
        return new Tensor[] {ga, gb};
    }
}
