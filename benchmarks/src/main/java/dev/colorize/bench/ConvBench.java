package dev.colorize.bench;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.ConvSpec;
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
 * Every distinct conv / deconv layer of pix2pix unet_256 ngf 64 at batch 1 (the per-layer table of
 * the peers' README). GFLOPS per layer = {@link ConvLayer#flops()} / time;
 * {@code compare.sh conv T} prints them next to torch's LAYER lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g", "-Xss4m"})
public class ConvBench {
    @Param({
            "conv-1x256x256-64x128x128",
            "conv-64x128x128-128x64x64",
            "conv-128x64x64-256x32x32",
            "conv-256x32x32-512x16x16",
            "conv-512x16x16-512x8x8",
            "conv-512x8x8-512x4x4",
            "conv-512x4x4-512x2x2",
            "conv-512x2x2-512x1x1",
            "deconv-512x1x1-512x2x2",
            "deconv-1024x2x2-512x4x4",
            "deconv-1024x4x4-512x8x8",
            "deconv-1024x8x8-512x16x16",
            "deconv-1024x16x16-256x32x32",
            "deconv-512x32x32-128x64x64",
            "deconv-256x64x64-64x128x128",
            "deconv-128x128x128-2x256x256"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    @Param({"cpu-vector"})
    public String backend;

    private static final ConvSpec SPEC = ConvSpec.of(2, 1);
    private Backend kernels;
    private ConvLayer shape;
    private Tensor x;
    private Tensor w;
    private Tensor out;

    @Setup
    public void setup() {
        kernels = BenchSupport.backend(backend, threads);
        shape = ConvLayer.parse(layer);
        Rng rng = new Rng(0);
        int k = ConvLayer.K;
        x = Tensor.randn(rng, 1, shape.inC(), shape.inH(), shape.inW());
        out = Tensor.zeros(1, shape.outC(), shape.outH(), shape.outW());
        // conv weight [out, in, k, k]; transposed conv weight [in, out, k, k] (= conv2dInputGrad's [O, C, k, k])
        w = shape.transposed()
                ? Tensor.randn(rng, shape.inC(), shape.outC(), k, k).mul(0.02f)
                : Tensor.randn(rng, shape.outC(), shape.inC(), k, k).mul(0.02f);
    }

    @Benchmark
    public Tensor layer() {
        if (shape.transposed()) {
            kernels.conv2dInputGrad(x, w, out, SPEC);
        } else {
            kernels.conv2d(x, w, null, out, SPEC);
        }
        return out;
    }
}
