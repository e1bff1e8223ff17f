package dev.colorize.core.tensor;

import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.autograd.Function;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.autograd.GradNode;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.backend.Storage;
import dev.colorize.core.ops.Elementwise;
import dev.colorize.core.ops.Movement;
import dev.colorize.core.ops.Reductions;
import dev.colorize.core.ops.Softmax;
import dev.colorize.core.ops.MatMul;

/**
 * A float32 n-dimensional array (NCHW for images) viewing a {@link Storage} through shape, strides
 * and offset, and a node of the autograd graph.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(new Rng(1), 2, 3).requiresGrad(true);
 * Tensor y = x.tanh().mul(x).sum();
 * y.backward();
 * float[] dx = x.grad().toArray();
 * }</pre>
 *
 * Every op returns a new tensor; views ({@link #reshape}, {@link #permute}, {@link #slice},
 * {@link #expand}) share storage. Composite functions (conv, batch norm, losses) are in {@link F}.
 */
public final class Tensor {
    private final Storage storage;
    private final int offset;
    private final int[] shape;
    private final int[] strides;
    private boolean requiresGrad;
    /** This tensor's vertex in the autograd graph: its op's node, or its leaf node (made by requiresGrad(true)). */
    private GradNode node;
    private Tensor grad;

    public Tensor(Storage storage, int offset, int[] shape, int[] strides) {
        if (shape.length != strides.length) {
            throw new ShapeException("shape " + Shapes.str(shape) + " and strides " + Shapes.str(strides) + " differ in rank");
        }
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.strides = strides.clone();
    }

    // ---------------------------------------------------------------- creation

    /** A contiguous tensor on the current backend holding a copy of {@code data}. */
    public static Tensor of(float[] data, int... shape) {
        if (Shapes.numel(shape) != data.length) {
            throw new ShapeException("Tensor.of: " + data.length + " values do not fill shape " + Shapes.str(shape));
        }
        return new Tensor(Backends.current().fromHost(data.clone()), 0, shape, Shapes.contiguousStrides(shape));
    }

    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** Zero-filled contiguous tensor on {@code backend}. */
    public static Tensor zeros(Backend backend, int... shape) {
        return new Tensor(backend.allocate(Shapes.numel(shape)), 0, shape, Shapes.contiguousStrides(shape));
    }

    public static Tensor zeros(int... shape) {
        return zeros(Backends.current(), shape);
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        if (value != 0f) {
            t.backend().fill(t, value);
        }
        return t;
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = i;
        }
        return of(data, n);
    }

    /** Uniform in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        float[] data = new float[Shapes.numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextFloat();
        }
        return of(data, shape);
    }

    /** Standard normal. */
    public static Tensor randn(Rng rng, int... shape) {
        float[] data = new float[Shapes.numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rng.nextGaussian();
        }
        return of(data, shape);
    }

    public Tensor zerosLike() {
        return zeros(backend(), shape);
    }

    public Tensor onesLike() {
        Tensor t = zerosLike();
        backend().fill(t, 1f);
        return t;
    }

    // ---------------------------------------------------------------- metadata and data

    public int[] shape() {
        return shape.clone();
    }

    public int size(int dim) {
        return shape[Shapes.dim("size", dim, shape.length)];
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shapes.numel(shape);
    }

    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    public Storage storage() {
        return storage;
    }

    public Backend backend() {
        return storage.backend();
    }

    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** The elements in row-major order, as a new host array. */
    public float[] toArray() {
        Tensor c = isContiguous() ? this : GradMode.noGradCall(this::contiguous);
        return c.storage.read(c.offset, c.numel());
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new ShapeException("item: tensor of shape " + Shapes.str(shape) + " has " + numel() + " elements, not 1");
        }
        return storage.read(offset, 1)[0];
    }

    /** One element by index (slow; for tests and debugging). */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new ShapeException("get: index of rank " + index.length + " for shape " + Shapes.str(shape));
        }
        int pos = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new ShapeException("get: index " + Shapes.str(index) + " out of bounds for shape " + Shapes.str(shape));
            }
            pos += index[i] * strides[i];
        }
        return storage.read(pos, 1)[0];
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor, outside the autograd graph. */
    public Tensor copyFrom(Tensor src) {
        Shapes.broadcast("copyFrom", src.shape, shape);
        backend().copy(src.expand(shape), this);
        storage.markModified();
        return this;
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf tensor as a variable whose gradient is accumulated by {@link #backward()}. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn() != null) {
            throw new IllegalStateException("requiresGrad can only be set on a leaf tensor; this one comes from " + gradFn().name());
        }
        this.requiresGrad = value;
        if (value && node == null) {
            node = GradNode.leaf(this); // made here, once, so threads recording through a shared parameter see one node
        }
        return this;
    }

    public boolean isLeaf() {
        return gradFn() == null;
    }

    public Function gradFn() {
        return node == null ? null : node.function();
    }

    /** Called by {@link Function} when it records this tensor as its output. */
    public void setGradFn(Function fn) {
        this.node = GradNode.output(fn, shape);
        this.requiresGrad = true;
    }

    /**
     * The graph vertex that ops consuming this tensor link to: the node of the op that made it, or
     * this leaf's own node; null when no gradient is required.
     */
    public GradNode gradNode() {
        return requiresGrad ? node : null;   // requiresGrad(true) and setGradFn both make the node
    }

    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor grad) {
        if (grad != null && !java.util.Arrays.equals(grad.shape, shape)) {
            throw new ShapeException("setGrad: gradient shape " + Shapes.str(grad.shape) + " differs from " + Shapes.str(shape));
        }
        this.grad = grad;
    }

    public void zeroGrad() {
        this.grad = null;
    }

    /** Back-propagates from this scalar (gradient 1) into every leaf's {@link #grad()}. */
    public void backward() {
        if (numel() != 1) {
            throw new ShapeException("backward: implicit gradient needs a one-element tensor, got shape " + Shapes.str(shape));
        }
        Autograd.backward(this, onesLike(), false);
    }

    /**
     * Back-propagates {@code gradOutput} into every leaf's {@link #grad()}. Frees the graph on the
     * way (its nodes drop their saved tensors): a second backward through it throws.
     */
    public void backward(Tensor gradOutput) {
        Autograd.backward(this, gradOutput, false);
    }

    /** As {@link #backward(Tensor)}; with {@code retainGraph} the graph stays usable for another backward. */
    public void backward(Tensor gradOutput, boolean retainGraph) {
        Autograd.backward(this, gradOutput, false, retainGraph);
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, offset, shape, strides);
    }

    // ---------------------------------------------------------------- views and movement

    public Tensor reshape(int... newShape) {
        return Movement.reshape(this, newShape);
    }

    public Tensor view(int... newShape) {
        return reshape(newShape);
    }

    public Tensor flatten() {
        return reshape(numel());
    }

    public Tensor permute(int... order) {
        return Movement.permute(this, order);
    }

    public Tensor transpose(int d0, int d1) {
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = Shapes.dim("transpose", d0, shape.length);
        int b = Shapes.dim("transpose", d1, shape.length);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Elements start, start+step, ... below stop along {@code dim} (negative indices count from the end). */
    public Tensor slice(int dim, int start, int stop, int step) {
        return Movement.slice(this, dim, start, stop, step);
    }

    public Tensor slice(int dim, int start, int stop) {
        return slice(dim, start, stop, 1);
    }

    public Tensor expand(int... newShape) {
        return Movement.expand(this, newShape);
    }

    public Tensor unsqueeze(int dim) {
        int d = Shapes.dim("unsqueeze", dim, shape.length + 1);
        int[] s = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == d ? 1 : shape[j++];
        }
        return reshape(s);
    }

    public Tensor squeeze(int dim) {
        int d = Shapes.dim("squeeze", dim, shape.length);
        if (shape[d] != 1) {
            return this;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                s[j++] = shape[i];
            }
        }
        return reshape(s);
    }

    /** This tensor if it is contiguous, otherwise a contiguous copy (differentiable). */
    public Tensor contiguous() {
        return isContiguous() ? this : Movement.contiguous(this);
    }

    public static Tensor cat(int dim, Tensor... tensors) {
        return Movement.cat(dim, tensors);
    }

    public static Tensor stack(int dim, Tensor... tensors) {
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            expanded[i] = tensors[i].unsqueeze(dim < 0 ? dim + tensors[i].dim() + 1 : dim);
        }
        return cat(dim < 0 ? dim + tensors[0].dim() + 1 : dim, expanded);
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor o) { return Elementwise.add(this, o); }
    public Tensor sub(Tensor o) { return Elementwise.sub(this, o); }
    public Tensor mul(Tensor o) { return Elementwise.mul(this, o); }
    public Tensor div(Tensor o) { return Elementwise.div(this, o); }
    public Tensor maximum(Tensor o) { return Elementwise.maximum(this, o); }
    public Tensor minimum(Tensor o) { return Elementwise.minimum(this, o); }
    public Tensor add(float c) { return Elementwise.affine(this, 1f, c); }
    public Tensor sub(float c) { return Elementwise.affine(this, 1f, -c); }
    public Tensor mul(float c) { return Elementwise.affine(this, c, 0f); }
    public Tensor div(float c) { return Elementwise.affine(this, 1f / c, 0f); }
    /** {@code c - this}. */
    public Tensor rsub(float c) { return Elementwise.affine(this, -1f, c); }
    public Tensor neg() { return Elementwise.neg(this); }
    public Tensor exp() { return Elementwise.exp(this); }
    public Tensor log() { return Elementwise.log(this); }
    public Tensor sqrt() { return Elementwise.sqrt(this); }
    public Tensor abs() { return Elementwise.abs(this); }
    public Tensor pow(float exponent) { return Elementwise.pow(this, exponent); }
    public Tensor square() { return mul(this); }
    /** Clamp to [min, max]; a NaN bound means unbounded on that side. */
    public Tensor clamp(float min, float max) { return Elementwise.clamp(this, min, max); }
    public Tensor clampMin(float min) { return clamp(min, Float.NaN); }
    public Tensor relu() { return Elementwise.relu(this); }
    public Tensor leakyRelu(float slope) { return Elementwise.leakyRelu(this, slope); }
    public Tensor tanh() { return Elementwise.tanh(this); }
    public Tensor sigmoid() { return Elementwise.sigmoid(this); }
    public Tensor softplus(float beta, float threshold) { return Elementwise.softplus(this, beta, threshold); }
    public Tensor softplus() { return softplus(1f, 20f); }
    /** {@code cond != 0 ? this : other}, differentiable in both branches; cond is a constant mask. */
    public Tensor where(Tensor cond, Tensor other) { return Elementwise.where(cond, this, other); }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() { return Reductions.sum(this, null, false); }
    public Tensor sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }
    public Tensor mean() { return Reductions.mean(this, null, false); }
    public Tensor mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }
    public Tensor var(int[] dims, boolean unbiased, boolean keepDim) { return Reductions.var(this, dims, unbiased, keepDim); }
    /** Maximum along {@code dim}: values (differentiable) and their indices. */
    public Reductions.MaxResult max(int dim, boolean keepDim) { return Reductions.max(this, dim, keepDim); }
    /** Sums broadcast dimensions away so the result has {@code target} shape (the adjoint of expand). */
    public Tensor sumTo(int... target) { return Reductions.sumTo(this, target); }

    // ---------------------------------------------------------------- linear algebra and softmax

    /** Matrix product: 2-D @ 2-D, or batched with broadcast batch dimensions. */
    public Tensor matmul(Tensor o) { return MatMul.apply(this, o); }
    public Tensor softmax(int dim) { return Softmax.softmax(this, dim); }
    public Tensor logSoftmax(int dim) { return Softmax.logSoftmax(this, dim); }

    @Override
    public String toString() {
        return "Tensor" + Shapes.str(shape) + (gradFn() != null ? " <" + gradFn().name() + ">" : requiresGrad ? " requiresGrad" : "");
    }
}
