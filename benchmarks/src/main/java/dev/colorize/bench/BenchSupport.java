package dev.colorize.bench;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.backend.CpuStorage;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.core.backend.simd.Parallel;

/**
 * What every benchmark shares: the backend by name (failing loudly rather than silently measuring
 * another one) and the kernel thread count. Every benchmark class forks with
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
}
