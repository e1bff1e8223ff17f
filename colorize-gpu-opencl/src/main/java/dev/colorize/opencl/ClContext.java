package dev.colorize.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One device's context, in-order command queue and the single program holding every kernel,
 * compiled once. Kernel objects carry their arguments as state, so every launch runs under this
 * object's lock ({@link #launch}); enqueued work then runs asynchronously and in order.
 */
final class ClContext {
    /** Kernel sources, concatenated into one program in this order. */
    private static final String[] SOURCES = {"common.cl", "elementwise.cl", "optim.cl", "reduce.cl", "gemm.cl", "conv.cl", "resample.cl"};
    static final int LOCAL_1D = 64;

    final ClDevice device;
    final cl_context context;
    final cl_command_queue queue;
    final int gemmWorkGroup;
    private final cl_program program;
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    /** Device-to-host reads so far: tests use it to prove a training step stays on the device. */
    final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    /** Kernel launches so far (tests check that work really ran on the device). */
    final java.util.concurrent.atomic.AtomicLong launches = new java.util.concurrent.atomic.AtomicLong();

    @SuppressWarnings("deprecation")
    ClContext(ClDevice device) {
        this.device = device;
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platformId());
        this.context = CL.clCreateContext(props, 1, new org.jocl.cl_device_id[] {device.deviceId()}, null, null, null);
        this.queue = CL.clCreateCommandQueue(context, device.deviceId(), 0, null);
        this.gemmWorkGroup = device.maxWorkGroupSize() >= 256 ? 16 : 8;
        this.program = build("-cl-std=CL1.2 -DWG=" + gemmWorkGroup);
    }

    private cl_program build(String options) {
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {source()}, null, null);
        try {
            CL.clBuildProgram(p, 0, null, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            CL.clReleaseProgram(p);
            throw new IllegalStateException("opencl: kernel build failed on " + device.describe() + ": " + e.getMessage()
                    + "\n" + log, e);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(p, device.deviceId(), CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(p, device.deviceId(), CL.CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
        return new String(buf, StandardCharsets.UTF_8).trim();
    }

    static String source() {
        StringBuilder sb = new StringBuilder();
        for (String name : SOURCES) {
            try (InputStream in = ClContext.class.getResourceAsStream("kernels/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("opencl: kernel source kernels/" + name + " missing from the jar");
                }
                sb.append("// ---- ").append(name).append('\n').append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }

    /** Starts a launch of {@code kernel}; arguments are appended in order, then a launch method enqueues it. */
    Launch launch(String kernel) {
        return new Launch(kernel);
    }

    /** Blocking read of {@code n} floats starting at element {@code offset}. */
    float[] read(cl_mem mem, int offset, int n) {
        float[] out = new float[n];
        reads.incrementAndGet();
        if (n > 0) {
            synchronized (this) {
                CL.clEnqueueReadBuffer(queue, mem, true, (long) offset * Sizeof.cl_float, (long) n * Sizeof.cl_float,
                        Pointer.to(out), 0, null, null);
            }
        }
        return out;
    }

    /** Blocking write (so the caller may reuse {@code src} at once). */
    void write(cl_mem mem, int offset, float[] src) {
        if (src.length > 0) {
            synchronized (this) {
                CL.clEnqueueWriteBuffer(queue, mem, true, (long) offset * Sizeof.cl_float, (long) src.length * Sizeof.cl_float,
                        Pointer.to(src), 0, null, null);
            }
        }
    }

    void fillZero(cl_mem mem, int n) {
        if (n > 0) {
            synchronized (this) {
                CL.clEnqueueFillBuffer(queue, mem, Pointer.to(new float[] {0f}), Sizeof.cl_float, 0,
                        (long) n * Sizeof.cl_float, 0, null, null);
            }
        }
    }

    /** Waits until every enqueued command has finished. */
    void finish() {
        synchronized (this) {
            CL.clFinish(queue);
        }
    }

    private cl_kernel kernel(String name) {
        return kernels.computeIfAbsent(name, n -> {
            try {
                return CL.clCreateKernel(program, n, null);
            } catch (CLException e) {
                throw new IllegalStateException("opencl: kernel " + n + " missing from the program: " + e.getMessage(), e);
            }
        });
    }

    /** Collects the arguments of one kernel launch; not thread-safe, used within one backend call. */
    final class Launch {
        private final String name;
        private final java.util.List<Object> args = new java.util.ArrayList<>();

        private Launch(String name) {
            this.name = name;
        }

        Launch arg(int v) {
            args.add(new int[] {v});
            return this;
        }

        Launch arg(float v) {
            args.add(new float[] {v});
            return this;
        }

        /** An int8 / int16 vector argument (length 8 or 16). */
        Launch vec(int[] v) {
            args.add(v.clone());
            return this;
        }

        /** A buffer argument; the storage stays referenced until the launch is enqueued. */
        Launch mem(ClStorage s) {
            args.add(new Buffer(s.mem(), s));
            return this;
        }

        /** A {@code __local} scratch array of {@code floats} elements. */
        Launch local(int floats) {
            args.add(new LocalBytes((long) floats * Sizeof.cl_float));
            return this;
        }

        /** One work-item per index in [0, n), in work-groups of {@link #LOCAL_1D}. */
        void run1d(int n) {
            if (n <= 0) {
                return;
            }
            long global = ((long) n + LOCAL_1D - 1) / LOCAL_1D * LOCAL_1D;
            enqueue(new long[] {global}, new long[] {LOCAL_1D});
        }

        void run(long[] global, long[] local) {
            enqueue(global, local);
        }

        private void enqueue(long[] global, long[] local) {
            synchronized (ClContext.this) {
                cl_kernel k = kernel(name);
                for (int i = 0; i < args.size(); i++) {
                    Object a = args.get(i);
                    if (a instanceof int[] v) {
                        CL.clSetKernelArg(k, i, (long) v.length * Sizeof.cl_int, Pointer.to(v));
                    } else if (a instanceof float[] v) {
                        CL.clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(v));
                    } else if (a instanceof Buffer b) {
                        CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(b.mem()));
                    } else {
                        CL.clSetKernelArg(k, i, ((LocalBytes) a).bytes(), null);
                    }
                }
                launches.incrementAndGet();
                try {
                    CL.clEnqueueNDRangeKernel(queue, k, global.length, null, global, local, 0, null, null);
                } catch (CLException e) {
                    throw new IllegalStateException("opencl: launching kernel " + name + " failed on "
                            + device.name() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private record LocalBytes(long bytes) {
    }

    /** Holds the storage so it cannot be collected (and its buffer recycled) before the enqueue. */
    private record Buffer(cl_mem mem, ClStorage owner) {
    }
}
