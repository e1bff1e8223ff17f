package dev.colorize.bench;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Square SGEMM {@code C = A * B} (n x n, row-major) through {@link Backend#matmul}, the kernel the
 * convolutions use. GFLOPS = 2 n^3 / time; {@code compare.sh sgemm N T} prints it next to torch.mm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g", "-Xss4m"})
public class GemmBench {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    @Param({"cpu-vector"})
    public String backend;

    private Backend kernels;
    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup
    public void setup() {
        kernels = BenchSupport.backend(backend, threads);
        Rng rng = new Rng(0);
        a = Tensor.rand(rng, 1, n, n).sub(0.5f);
        b = Tensor.rand(rng, 1, n, n).sub(0.5f);
        c = Tensor.zeros(1, n, n);
    }

    @Benchmark
    public Tensor sgemm() {
        kernels.matmul(a, b, c);
        return BenchSupport.sync(c);
    }
}
