package dev.colorize.core.backend;

import dev.colorize.core.tensor.Tensor;

/**
 * The kernel seam: everything a differentiable op needs from a device. Ops allocate their outputs
 * with {@link #allocate} and call one kernel; kernels never allocate tensors themselves.
 *
 * <p>Contract shared by all kernels: inputs may be arbitrary strided views (including stride-0
 * broadcast views) of this backend's storage; {@code out} arguments are freshly allocated,
 * contiguous and of the documented shape unless a kernel says otherwise. Implementations are
 * found by {@link java.util.ServiceLoader} through {@link BackendProvider}; the scalar CPU
 * reference is always present.
 */
public interface Backend {

    /** Short stable name, e.g. {@code cpu-scalar}, {@code cpu-vector}, {@code opencl}. */
    String name();

    /** A zero-filled storage of {@code size} floats. */
    Storage allocate(int size);

    /** A storage holding a copy of (or, on the CPU, exactly) the given host data. */
    Storage fromHost(float[] data);

    /** {@code dst[i] = src[i]} over the common shape; both may be strided, src may be a broadcast view. */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of {@code dst} (possibly strided) to {@code value}. */
    void fill(Tensor dst, float value);

    /** {@code out = op(x, p1, p2)}; x has out's shape (may be strided). */
    void unary(UnaryOp op, float p1, float p2, Tensor x, Tensor out);

    /** {@code out = op(a, b)}; a and b are (broadcast) views with out's shape. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = cond != 0 ? a : b}; all views of out's shape. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /**
     * Reduces {@code x} over the dimensions flagged in {@code dims} into {@code out}, which has x's
     * rank with size 1 in the reduced dimensions (keepdim layout).
     */
    void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out);

    /**
     * Maximum along {@code dim}: {@code values} and {@code indices} (as exact float integers) have x's
     * shape with size 1 at {@code dim}. The first maximum wins on ties.
     */
    void maxAlongDim(Tensor x, int dim, Tensor values, Tensor indices);

    /** Batched product {@code out[b] = a[b] @ c[b]}; a is [B,M,K], c is [B,K,N] (any strides), out [B,M,N]. */
    void matmul(Tensor a, Tensor c, Tensor out);

    /** Convolution: x [N,C,H,W], w [O,C,kH,kW], bias [O] or null, out [N,O,oH,oW]. */
    void conv2d(Tensor x, Tensor w, Tensor bias, Tensor out, ConvSpec spec);

    /**
     * Gradient of {@link #conv2d} with respect to its input, which is also the transposed convolution:
     * gy [N,O,oH,oW], w [O,C,kH,kW], gx [N,C,H,W] (H, W given by gx's shape).
     */
    void conv2dInputGrad(Tensor gy, Tensor w, Tensor gx, ConvSpec spec);

    /** Gradient of {@link #conv2d} with respect to its weight: x [N,C,H,W], gy [N,O,oH,oW], gw [O,C,kH,kW]. */
    void conv2dWeightGrad(Tensor x, Tensor gy, Tensor gw, ConvSpec spec);

    /** Upsampling of x [N,C,H,W] to out [N,C,H*s,W*s] (nearest: floor(dst/s); bilinear: align_corners=false). */
    void upsample(Tensor x, Tensor out, int scaleH, int scaleW, boolean bilinear);

    /** Adjoint of {@link #upsample}: scatters gy [N,C,H*s,W*s] into gx [N,C,H,W] with the same weights. */
    void upsampleAdjoint(Tensor gy, Tensor gx, int scaleH, int scaleW, boolean bilinear);

    /**
     * Pads the last two dims: pads = [left, right, top, bottom]; reflect excludes the edge
     * ({@code c b | a b c | b a}); otherwise zero.
     */
    void pad(Tensor x, Tensor out, int[] pads, boolean reflect);

    /** Adjoint of {@link #pad}: gx[i] = sum of gy over every output position that read input i. */
    void padAdjoint(Tensor gy, Tensor gx, int[] pads, boolean reflect);

    /**
     * Batch statistics per channel (dimension 1) of x [N,C,...]: {@code mean[c]} and the biased
     * {@code var[c]} over all other dimensions, two-pass (centred) for accuracy; mean and var are
     * fresh contiguous [C]. The default composes {@link #reduce} and {@link #binary}; fast backends
     * override it with one kernel.
     */
    default void channelMoments(Tensor x, Tensor mean, Tensor var) {
        int[] shape = x.shape();
        int c = shape[1];
        boolean[] flags = new boolean[shape.length];
        java.util.Arrays.fill(flags, true);
        flags[1] = false;
        float count = (float) x.numel() / Math.max(1, c);
        Tensor meanK = ChannelViews.keepDim(mean, shape.length);
        Tensor sum = Tensor.zeros(this, meanK.shape());
        reduce(ReduceOp.SUM, x, flags, sum);
        unary(UnaryOp.AFFINE, 1f / count, 0f, sum, meanK);
        Tensor centered = Tensor.zeros(this, shape);
        binary(BinaryOp.SUB, x, ChannelViews.broadcast(meanK, shape), centered);
        binary(BinaryOp.MUL, centered, centered, centered);
        reduce(ReduceOp.SUM, centered, flags, sum);
        unary(UnaryOp.AFFINE, 1f / count, 0f, sum, ChannelViews.keepDim(var, shape.length));
    }

    /**
     * Batch norm's backward reductions in one pass, per channel (dimension 1) of g and x [N,C,...]
     * over all other dimensions: {@code sumG[c] = sum(g)} and {@code sumGCentred[c] = sum(g * (x -
     * mean[c]))}; mean [C], sumG and sumGCentred fresh contiguous [C]. The default composes
     * {@link #reduce} and {@link #binary}; fast backends override it with one kernel.
     */
    default void channelGradSums(Tensor g, Tensor x, Tensor mean, Tensor sumG, Tensor sumGCentred) {
        int[] shape = x.shape();
        boolean[] flags = new boolean[shape.length];
        java.util.Arrays.fill(flags, true);
        flags[1] = false;
        Tensor sum = Tensor.zeros(this, ChannelViews.keepDim(sumG, shape.length).shape());
        reduce(ReduceOp.SUM, g, flags, sum);
        copy(sum, ChannelViews.keepDim(sumG, shape.length));
        Tensor product = Tensor.zeros(this, shape);
        binary(BinaryOp.SUB, x, ChannelViews.broadcast(ChannelViews.keepDim(mean, shape.length), shape), product);
        binary(BinaryOp.MUL, product, g, product);
        reduce(ReduceOp.SUM, product, flags, sum);
        copy(sum, ChannelViews.keepDim(sumGCentred, shape.length));
    }

    /**
     * {@code out[n,c,...] = a[n,c,...] * scaleA[c] + b[n,c,...] * scaleB[c] + shift[c]} for a, b
     * [N,C,...] of one shape: batch norm's input gradient in one pass. The default composes
     * {@link #channelAffine} twice and {@link #binary}.
     */
    default void channelAffine2(Tensor a, Tensor scaleA, Tensor b, Tensor scaleB, Tensor shift, Tensor out) {
        Tensor first = Tensor.zeros(this, a.shape());
        channelAffine(a, scaleA, null, first);
        channelAffine(b, scaleB, shift, out);
        binary(BinaryOp.ADD, out, first, out);
    }

    /**
     * {@code out[n,c,...] = x[n,c,...] * scale[c] + shift[c]} (shift may be null) for x [N,C,...]:
     * batch norm's normalisation in one pass. The default composes two broadcast {@link #binary} kernels.
     */
    default void channelAffine(Tensor x, Tensor scale, Tensor shift, Tensor out) {
        int[] shape = x.shape();
        binary(BinaryOp.MUL, x, ChannelViews.broadcast(ChannelViews.keepDim(scale, shape.length), shape), out);
        if (shift != null) {
            binary(BinaryOp.ADD, out, ChannelViews.broadcast(ChannelViews.keepDim(shift, shape.length), shape), out);
        }
    }

    /**
     * Graph-free inference convolution with its neighbours fused (see {@link FusedConv}):
     * {@code out[n,o] = act_out(conv(act_in(x), w)[n,o] * scale[o] + shift[o])}. x [N,C,H,W]; w
     * [O,C,kH,kW] ({@code transposed}: [C,O,kH,kW]); scale and shift [O] or null (1 and 0); out
     * [N,O,oH,oW] may be any view, e.g. a channel slice of a concatenation buffer, which saves the
     * copy of a skip connection. The default composes the other kernels (one pass each); fast
     * backends apply scale, shift and activation while the output is still in cache.
     */
    default void convFused(Tensor x, Tensor w, Tensor scale, Tensor shift, Tensor out, FusedConv f) {
        Tensor in = x;
        if (f.hasInputActivation()) {
            in = Tensor.zeros(this, x.shape());
            activation(x, f.inputSlope(), in);
        }
        Tensor y = Tensor.zeros(this, out.shape());
        if (f.transposed()) {
            conv2dInputGrad(in, w, y, f.spec());
        } else {
            conv2d(in, w, null, y, f.spec());
        }
        if (scale != null || shift != null) {
            Tensor s = scale;
            if (s == null) {
                s = Tensor.zeros(this, out.size(1));
                fill(s, 1f);
            }
            Tensor z = Tensor.zeros(this, out.shape());
            channelAffine(y, s, shift, z);
            y = z;
        }
        if (f.hasOutputActivation()) {
            Tensor z = Tensor.zeros(this, out.shape());
            activation(y, f.outputSlope(), z);
            y = z;
        }
        copy(y, out);
    }

    private void activation(Tensor x, float slope, Tensor out) {
        if (slope == 0f) {
            unary(UnaryOp.RELU, 0f, 0f, x, out);
        } else {
            unary(UnaryOp.LEAKY_RELU, slope, 0f, x, out);
        }
    }

    /**
     * One Adam / AdamW step in place ({@link AdamUpdate}): updates {@code param}, {@code expAvg} and
     * {@code expAvgSq} (contiguous, of param's shape) from {@code grad} (any view of that shape). The
     * default runs the reference loop ({@link OptimizerKernels#adam}) on host copies, so it is
     * correct on every storage; device backends override it to keep the step on the device.
     */
    default void adamStep(AdamUpdate u, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq) {
        OptimizerKernels.adamOnHost(u, param, grad, expAvg, expAvgSq);
    }

    /**
     * One RMSprop step in place ({@link RmspropUpdate}); {@code gradAvg} is given exactly when the
     * update is centered and {@code momentumBuffer} exactly when it has momentum (else null).
     * Default: {@link OptimizerKernels#rmsprop} on host copies.
     */
    default void rmspropStep(RmspropUpdate u, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg,
                             Tensor momentumBuffer) {
        OptimizerKernels.rmspropOnHost(u, param, grad, squareAvg, gradAvg, momentumBuffer);
    }

    /**
     * One SGD step in place ({@link SgdUpdate}); {@code momentumBuffer} is given exactly when the
     * update has momentum (else null). Default: {@link OptimizerKernels#sgd} on host copies.
     */
    default void sgdStep(SgdUpdate u, Tensor param, Tensor grad, Tensor momentumBuffer) {
        OptimizerKernels.sgdOnHost(u, param, grad, momentumBuffer);
    }
}
