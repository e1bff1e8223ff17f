package dev.colorize.bench;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Inference of pix2pix {@code unet_256} ({@link dev.colorize.gan.models.UNet}, via {@link Models}): eval mode, no graph, input
 * [batch, 1, 256, 256] uniform in [-1, 1) — what {@code run.sh unet-forward} (torch) and
 * {@code run.sh ort-unet-forward} (ONNX Runtime) time. {@code compare.sh unet-forward NGF B T}
 * runs one configuration next to both peers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g", "-Xss4m", "-XX:+UseParallelGC"})
public class UNetBench {
    @Param({"32", "64"})
    public int ngf;

    @Param({"1", "8"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    @Param({"cpu-vector"})
    public String backend;

    private Module generator;
    private Tensor input;

    @Setup
    public void setup() {
        BenchSupport.backend(backend, threads);
        Rng rng = new Rng(0);
        generator = Models.unet(ngf, false);
        generator.eval();
        input = Models.uniform(rng, batch, 1, 256, 256);
    }

    @Benchmark
    public Tensor forward() {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return BenchSupport.sync(generator.forward(input));
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        MemoryProbe.print("unet-forward-ngf" + ngf + "-b" + batch + "-t" + threads);
    }
}
