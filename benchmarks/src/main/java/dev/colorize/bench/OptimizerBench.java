package dev.colorize.bench;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.optim.Adam;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code Adam.step()} (colorize-nn, the fused {@code Backend#adamStep} kernel) over {@code millions}
 * million parameters split into tensors of 1 M elements and a few small ones, like a model's weights
 * and biases. Memory-bound: 28 bytes move per parameter; the U-Net ngf64 + PatchGAN step has ~54 M.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g", "-Xss4m"})
public class OptimizerBench {
    @Param({"8", "54"})
    public int millions;

    @Param({"1", "2"})
    public int threads;

    @Param({"cpu-vector", "cpu-scalar"})
    public String backend;

    private Adam adam;
    private List<Tensor> params;

    @Setup
    public void setup() {
        BenchSupport.backend(backend, threads);
        Rng rng = new Rng(0);
        params = new ArrayList<>();
        for (int i = 0; i < millions; i++) {
            params.add(Tensor.randn(rng, 1024, 1024).mul(0.02f).requiresGrad(true));
            params.add(Tensor.randn(rng, 64).requiresGrad(true));
        }
        for (Tensor p : params) {
            p.setGrad(Tensor.randn(rng, p.shape()).mul(1e-3f));
        }
        adam = Adam.builder(params).lr(2e-4).betas(0.5, 0.999).build();
    }

    @Benchmark
    public Tensor adamStep() {
        adam.step();
        return BenchSupport.sync(params.get(0));
    }
}
