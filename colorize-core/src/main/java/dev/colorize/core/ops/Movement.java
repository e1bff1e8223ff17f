package dev.colorize.core.ops;

import dev.colorize.core.autograd.Function;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/** Shape and movement ops: views that share storage where possible, and their adjoints. */
public final class Movement {
    private Movement() {
    }

    public static Tensor reshape(Tensor x, int[] newShape) { return new Reshape().forward(x, newShape); }
    public static Tensor permute(Tensor x, int[] order) { return new Permute().forward(x, order); }
    public static Tensor expand(Tensor x, int[] shape) { return new Expand().forward(x, shape); }
    public static Tensor contiguous(Tensor x) { return new Contiguous().forward(x); }
    public static Tensor cat(int dim, Tensor... ts) { return new Cat().forward(dim, ts); }

    public static Tensor slice(Tensor x, int dim, int start, int stop, int step) {
        return new Slice().forward(x, dim, start, stop, step);
    }

    /** Resolves one {@code -1} and checks the element count. */
    static int[] resolveShape(int[] from, int[] to) {
        int n = Shapes.numel(from);
        int known = 1;
        int infer = -1;
        int[] out = to.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new ShapeException("reshape: more than one -1 in " + Shapes.str(to));
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new ShapeException("reshape: negative size in " + Shapes.str(to));
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new ShapeException("reshape: cannot reshape " + Shapes.str(from) + " to " + Shapes.str(to));
            }
            out[infer] = n / known;
        }
        if (Shapes.numel(out) != n) {
            throw new ShapeException("reshape: cannot reshape " + Shapes.str(from) + " (" + n + " elements) to " + Shapes.str(to));
        }
        return out;
    }

    static final class Reshape extends Function {
        private int[] inShape;

        public String name() { return "reshape"; }

        Tensor forward(Tensor x, int[] shape) {
            inShape = x.shape();
            int[] target = resolveShape(inShape, shape);
            Tensor dense = Kernels.dense(x);
            return record(Kernels.viewAs(dense, target), x);
        }

        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.reshape(inShape)}; }
    }

    static final class Permute extends Function {
        private int[] inverse;

        public String name() { return "permute"; }

        Tensor forward(Tensor x, int[] order) {
            int rank = x.dim();
            if (order.length != rank) {
                throw new ShapeException("permute: order " + Shapes.str(order) + " for shape " + Shapes.str(x.shape()));
            }
            int[] shape = x.shape();
            int[] strides = x.strides();
            int[] ns = new int[rank];
            int[] nst = new int[rank];
            inverse = new int[rank];
            boolean[] seen = new boolean[rank];
            for (int i = 0; i < rank; i++) {
                int d = Shapes.dim("permute", order[i], rank);
                if (seen[d]) {
                    throw new ShapeException("permute: order " + Shapes.str(order) + " repeats dimension " + d);
                }
                seen[d] = true;
                ns[i] = shape[d];
                nst[i] = strides[d];
                inverse[d] = i;
            }
            return record(new Tensor(x.storage(), x.offset(), ns, nst), x);
        }

        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.permute(inverse)}; }
    }

    static final class Expand extends Function {
        private int[] inShape;

        public String name() { return "expand"; }

        Tensor forward(Tensor x, int[] shape) {
            inShape = x.shape();
            int[] target = shape.clone();
            int lead = target.length - inShape.length;
            for (int i = 0; i < target.length; i++) {
                if (target[i] == -1) {
                    if (i < lead) {
                        throw new ShapeException("expand: -1 in a new leading dimension of " + Shapes.str(shape));
                    }
                    target[i] = inShape[i - lead];
                }
            }
            return record(Kernels.broadcastView(x, target, "expand"), x);
        }

        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.sumTo(inShape)}; }
    }

    static final class Contiguous extends Function {
        public String name() { return "contiguous"; }

        Tensor forward(Tensor x) { return record(Kernels.dense(x), x); }

        protected Tensor[] backward(Tensor g) { return new Tensor[] {g}; }
    }

    static final class Slice extends Function {
        private int[] inShape;
        private int dim;
        private int start;
        private int step;

        public String name() { return "slice"; }

        Tensor forward(Tensor x, int dim, int start, int stop, int step) {
            inShape = x.shape();
            this.dim = Shapes.dim("slice", dim, inShape.length);
            int size = inShape[this.dim];
            if (step < 1) {
                throw new ShapeException("slice: step must be positive, got " + step);
            }
            int s = clampIndex(start, size);
            int e = clampIndex(stop, size);
            int len = e > s ? (e - s + step - 1) / step : 0;
            this.start = s;
            this.step = step;
            int[] shape = x.shape();
            int[] strides = x.strides();
            shape[this.dim] = len;
            int offset = x.offset() + (len > 0 ? s * strides[this.dim] : 0);
            strides[this.dim] *= step;
            return record(new Tensor(x.storage(), offset, shape, strides), x);
        }

        private static int clampIndex(int i, int size) {
            int r = i < 0 ? i + size : i;
            return Math.max(0, Math.min(r, size));
        }

        protected Tensor[] backward(Tensor g) { return new Tensor[] {new SliceAdjoint().forward(g, inShape, dim, start, step)}; }
    }

    /** Scatters a slice's gradient into zeros of the sliced tensor's shape; its adjoint is the slice. */
    static final class SliceAdjoint extends Function {
        private int dim;
        private int start;
        private int stop;
        private int step;

        public String name() { return "slice_backward"; }

        Tensor forward(Tensor g, int[] shape, int dim, int start, int step) {
            this.dim = dim;
            this.start = start;
            this.step = step;
            this.stop = start + (g.shape()[dim] - 1) * step + 1;
            Tensor out = Tensor.zeros(g.backend(), shape);
            if (g.numel() > 0) {
                int[] strides = out.strides();
                int[] viewShape = out.shape();
                viewShape[dim] = g.shape()[dim];
                int offset = start * strides[dim];
                strides[dim] *= step;
                g.backend().copy(g, new Tensor(out.storage(), offset, viewShape, strides));
            }
            return record(out, g);
        }

        protected Tensor[] backward(Tensor gg) { return new Tensor[] {gg.slice(dim, start, stop, step)}; }
    }

    static final class Cat extends Function {
        private int dim;
        private int[] sizes;

        public String name() { return "cat"; }

        Tensor forward(int dim, Tensor[] ts) {
            if (ts.length == 0) {
                throw new ShapeException("cat: no tensors");
            }
            int[] first = ts[0].shape();
            this.dim = Shapes.dim("cat", dim, first.length);
            sizes = new int[ts.length];
            int total = 0;
            for (int i = 0; i < ts.length; i++) {
                int[] s = ts[i].shape();
                boolean ok = s.length == first.length;
                for (int d = 0; ok && d < s.length; d++) {
                    ok = d == this.dim || s[d] == first[d];
                }
                if (!ok) {
                    StringBuilder all = new StringBuilder();
                    for (Tensor t : ts) {
                        all.append(Shapes.str(t.shape())).append(' ');
                    }
                    throw new ShapeException("cat: shapes differ outside dimension " + dim + ": " + all.toString().trim());
                }
                sizes[i] = s[this.dim];
                total += sizes[i];
            }
            int[] shape = first.clone();
            shape[this.dim] = total;
            Backend b = Kernels.backendOf("cat", ts);
            Tensor out = Tensor.zeros(b, shape);
            int[] strides = out.strides();
            int pos = 0;
            for (int i = 0; i < ts.length; i++) {
                int[] vs = shape.clone();
                vs[this.dim] = sizes[i];
                if (sizes[i] > 0) {
                    b.copy(ts[i], new Tensor(out.storage(), pos * strides[this.dim], vs, strides));
                }
                pos += sizes[i];
            }
            return record(out, ts);
        }

        protected Tensor[] backward(Tensor g) {
            Tensor[] gs = new Tensor[sizes.length];
            int pos = 0;
            for (int i = 0; i < sizes.length; i++) {
                gs[i] = g.slice(dim, pos, pos + sizes[i], 1);
                pos += sizes[i];
            }
            return gs;
        }
    }

    static String str(int[] s) {
        return Arrays.toString(s);
    }
}
