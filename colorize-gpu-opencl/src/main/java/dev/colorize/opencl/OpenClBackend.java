package dev.colorize.opencl;

import dev.colorize.core.backend.AdamUpdate;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.backend.CpuStorage;
import dev.colorize.core.backend.ReduceOp;
import dev.colorize.core.backend.RmspropUpdate;
import dev.colorize.core.backend.SgdUpdate;
import dev.colorize.core.backend.Storage;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The OpenCL backend: tensors live in device buffers ({@link #allocate}) and every kernel of the
 * {@link Backend} seam runs on the device, so a forward pass or a training step never copies
 * through the host between ops. One instance (context, queue, compiled program, buffer pool) exists
 * per device.
 *
 * <pre>{@code
 * OpenClBackend gpu = OpenClBackend.builder().device("gpu").build(); // or -Dcolorize.backend=opencl
 * Backends.setCurrent(gpu);
 * Tensor x = Tensor.randn(new Rng(1), 1, 3, 64, 64);   // created on the device
 * Tensor y = x.relu().sum();                            // runs on the device
 * float v = y.item();                                   // reads one float back
 * }</pre>
 *
 * Device choice ({@code -Dcolorize.opencl.device} or {@link Builder#device}): an index into
 * {@link #devices()}, a type ({@code gpu}, {@code cpu}, {@code accelerator}), part of a device name,
 * or nothing for the first GPU, else the first device.
 */
public final class OpenClBackend implements Backend {
    /** System property that picks the device. */
    public static final String DEVICE_PROPERTY = "colorize.opencl.device";
    private static final Map<Integer, OpenClBackend> INSTANCES = new ConcurrentHashMap<>();

    private final ClContext cl;
    private final ClMemoryPool pool;
    private final ClElementwise elementwise = new ClElementwise(this);
    private final ClReductions reductions = new ClReductions(this);
    private final ClLinear linear = new ClLinear(this);
    private final ClResample resample = new ClResample(this);
    private final ClOptimizers optimizers = new ClOptimizers(this);

    private OpenClBackend(ClDevice device) {
        this.cl = new ClContext(device);
        this.pool = new ClMemoryPool(cl);
    }

    // ---------------------------------------------------------------- discovery and construction

    /** Every OpenCL device on this machine (empty when OpenCL is missing; see {@link #unavailableReason()}). */
    public static List<ClDevice> devices() {
        return ClDevices.probe().devices();
    }

    /** Why no OpenCL device can be used, or null when at least one was found. */
    public static String unavailableReason() {
        return ClDevices.probe().failure();
    }

    /** Prints the OpenCL devices of this machine (or why there are none): {@code java -cp ... dev.colorize.opencl.OpenClBackend}. */
    public static void main(String[] args) {
        String reason = unavailableReason();
        if (reason != null) {
            System.out.println("No OpenCL device: " + reason);
            return;
        }
        for (ClDevice d : devices()) {
            System.out.println(d.describe());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Chooses a device; {@link #build()} compiles the kernels on first use of that device. */
    public static final class Builder {
        private String device = System.getProperty(DEVICE_PROPERTY, "");

        private Builder() {
        }

        /** An index into {@link #devices()}, a type (gpu, cpu, accelerator), part of a name, or "any". */
        public Builder device(String spec) {
            this.device = spec;
            return this;
        }

        public Builder device(int index) {
            return device(Integer.toString(index));
        }

        /**
         * The backend of the chosen device (one shared instance per device).
         *
         * @throws IllegalStateException when OpenCL is missing, no device matches, or the kernels fail to build
         */
        public OpenClBackend build() {
            ClDevices.Probe probe = ClDevices.probe();
            if (!probe.ok()) {
                throw new IllegalStateException("opencl: " + probe.failure());
            }
            ClDevice d = ClDevices.select(probe.devices(), device);
            if (d == null) {
                throw new IllegalStateException("opencl: no device matches '" + device + "'; devices: " + probe.devices());
            }
            return INSTANCES.computeIfAbsent(d.index(), i -> new OpenClBackend(d));
        }
    }

    public ClDevice device() {
        return cl.device;
    }

    // ---------------------------------------------------------------- explicit transfers

    /** A copy of {@code t} (any backend) on this device, uploaded now. */
    public Tensor toDevice(Tensor t) {
        float[] data = t.toArray();
        ClStorage s = ClStorage.fromHost(this, data);
        s.upload();
        return new Tensor(s, 0, t.shape(), contiguousStrides(t.shape()));
    }

    /** A copy of {@code t} in host memory, on the CPU kernels. */
    public static Tensor toHost(Tensor t) {
        return new Tensor(new CpuStorage(t.toArray()), 0, t.shape(), contiguousStrides(t.shape()));
    }

    /** Waits for every enqueued kernel (reads wait by themselves; useful for timing). */
    public void finish() {
        cl.finish();
    }

    /** Device memory held by live tensors and kept idle by the pool, in bytes. */
    public long liveBytes() {
        return pool.liveBytes();
    }

    public long idleBytes() {
        return pool.idleBytes();
    }

    /** Frees the pool's idle buffers. */
    public void trimPool() {
        pool.trim();
    }

    // ---------------------------------------------------------------- Backend

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Storage allocate(int size) {
        return ClStorage.allocate(this, size);
    }

    @Override
    public Storage fromHost(float[] data) {
        return ClStorage.fromHost(this, data);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        elementwise.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, float value) {
        elementwise.fill(dst, value);
    }

    @Override
    public void unary(UnaryOp op, float p1, float p2, Tensor x, Tensor out) {
        elementwise.unary(op, p1, p2, x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        elementwise.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        elementwise.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        reductions.reduce(op, x, dims, out);
    }

    @Override
    public void maxAlongDim(Tensor x, int dim, Tensor values, Tensor indices) {
        reductions.maxAlongDim(x, dim, values, indices);
    }

    @Override
    public void matmul(Tensor a, Tensor c, Tensor out) {
        linear.matmul(a, c, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, Tensor out, ConvSpec spec) {
        linear.conv2d(x, w, bias, out, spec);
    }

    @Override
    public void conv2dInputGrad(Tensor gy, Tensor w, Tensor gx, ConvSpec spec) {
        linear.conv2dInputGrad(gy, w, gx, spec);
    }

    @Override
    public void conv2dWeightGrad(Tensor x, Tensor gy, Tensor gw, ConvSpec spec) {
        linear.conv2dWeightGrad(x, gy, gw, spec);
    }

    @Override
    public void upsample(Tensor x, Tensor out, int scaleH, int scaleW, boolean bilinear) {
        resample.upsample(x, out, scaleH, scaleW, bilinear);
    }

    @Override
    public void upsampleAdjoint(Tensor gy, Tensor gx, int scaleH, int scaleW, boolean bilinear) {
        resample.upsampleAdjoint(gy, gx, scaleH, scaleW, bilinear);
    }

    @Override
    public void pad(Tensor x, Tensor out, int[] pads, boolean reflect) {
        resample.pad(x, out, pads, reflect);
    }

    @Override
    public void padAdjoint(Tensor gy, Tensor gx, int[] pads, boolean reflect) {
        resample.padAdjoint(gy, gx, pads, reflect);
    }

    @Override
    public void adamStep(AdamUpdate u, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq) {
        optimizers.adam(u, param, grad, expAvg, expAvgSq);
    }

    @Override
    public void rmspropStep(RmspropUpdate u, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg,
                            Tensor momentumBuffer) {
        optimizers.rmsprop(u, param, grad, squareAvg, gradAvg, momentumBuffer);
    }

    @Override
    public void sgdStep(SgdUpdate u, Tensor param, Tensor grad, Tensor momentumBuffer) {
        optimizers.sgd(u, param, grad, momentumBuffer);
    }

    @Override
    public String toString() {
        return "opencl " + cl.device.describe();
    }

    // ---------------------------------------------------------------- helpers for the kernel classes

    ClContext cl() {
        return cl;
    }

    ClMemoryPool pool() {
        return pool;
    }

    ClLinear linear() {
        return linear;
    }

    ClElementwise elementwise() {
        return elementwise;
    }

    /** The device storage of {@code t}; a tensor of another backend or device is an error naming the op. */
    ClStorage storage(Tensor t, String op) {
        if (t.storage() instanceof ClStorage s && s.backend() == this) {
            return s;
        }
        throw new IllegalArgumentException("opencl " + op + ": tensor " + t + " lives on backend " + t.backend().name()
                + (t.backend() instanceof OpenClBackend o ? " (" + o.device().name() + ")" : "")
                + ", not on " + this);
    }

    /** {@code t} if contiguous, else a contiguous device copy. */
    Tensor dense(Tensor t) {
        if (t.isContiguous()) {
            return t;
        }
        Tensor c = new Tensor(ClStorage.allocate(this, t.numel()), 0, t.shape(), contiguousStrides(t.shape()));
        elementwise.copy(t, c);
        return c;
    }

    /** Runs a kernel that writes densely into {@code out}, through a scratch copy when out is strided. */
    void intoContiguous(Tensor out, Consumer<Tensor> kernel) {
        if (out.isContiguous()) {
            kernel.accept(out);
            return;
        }
        Tensor scratch = new Tensor(ClStorage.allocate(this, out.numel()), 0, out.shape(), contiguousStrides(out.shape()));
        kernel.accept(scratch);
        elementwise.copy(scratch, out);
    }

    static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }
}
