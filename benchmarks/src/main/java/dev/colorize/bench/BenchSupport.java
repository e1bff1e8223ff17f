package dev.colorize.bench;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.backend.CpuStorage;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.core.backend.simd.Parallel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * What every benchmark shares: the backend by name (failing loudly rather than silently measuring
 * another one) and the kernel thread count; and the probes' median timing. Every benchmark class forks with
 * {@code @Fork(jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", ...})}: without the module
 * the provider is unavailable and {@link #backend} throws. Later benchmarks (UNetBench.forward,
 * TrainStepBench) use the same helpers.
 */
public final class BenchSupport {
    private BenchSupport() {
    }

    /**
     * The backend called {@code name}, after setting the CPU pool to {@code threads}: made the CPU kernel
     * set when it works on host memory, and in any case where new tensors are created (so
     * {@code -p backend=opencl} runs the same benchmark on the OpenCL device, with colorize-gpu-opencl
     * on the class path).
     */
    public static Backend backend(String name, int threads) {
        Parallel.setThreads(threads);
        Backend b = Backends.byName(name);
        if (b.allocate(0) instanceof CpuStorage) {
            Backends.setCpu(b);
        }
        Backends.setCurrent(b);
        if (!b.name().equals(name)) {
            throw new IllegalStateException("asked for backend " + name + " but got " + b.name());
        }
        return b;
    }

    /**
     * Waits for a device backend to finish the work that produced {@code t} (reads one element back);
     * nothing to wait for on the CPU, whose kernels return when done.
     */
    public static Tensor sync(Tensor t) {
        if (!(t.storage() instanceof CpuStorage)) {
            t.storage().read(t.offset(), 1);
        }
        return t;
    }

    /**
     * Median of {@code reps} runs of {@code op}, in ms: the calling thread's CPU time when the kernels
     * run on one thread (steady on a busy machine, see {@link CpuTimeProbe}), wall time with more (the
     * pool's threads do part of the work). Warm up before calling.
     */
    static double medianMs(Runnable op, int reps) {
        boolean wall = Parallel.threads() > 1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = wall ? System.nanoTime() : mx.getCurrentThreadCpuTime();
            op.run();
            t[i] = (wall ? System.nanoTime() : mx.getCurrentThreadCpuTime()) - t0;
        }
        Arrays.sort(t);
        return t[reps / 2] / 1e6;
    }

    /** What {@link #medianMs} measures now: "cpu_ms" or "wall_ms". */
    static String timeUnit() {
        return Parallel.threads() > 1 ? "wall_ms" : "cpu_ms";
    }
}
