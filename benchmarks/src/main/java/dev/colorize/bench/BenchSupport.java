package dev.colorize.bench;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
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

    /** The backend called {@code name}, made the CPU kernel set, after setting the pool to {@code threads}. */
    public static Backend backend(String name, int threads) {
        Parallel.setThreads(threads);
        Backend b = Backends.byName(name);
        Backends.setCpu(b);
        if (!b.name().equals(name)) {
            throw new IllegalStateException("asked for backend " + name + " but got " + b.name());
        }
        return b;
    }
}
