package dev.colorize.bench;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Single-thread CPU time of the three convolution kernels (forward, input gradient, weight gradient)
 * for every distinct convolution of the pix2pix train step (U-Net ngf 64 G, PatchGAN D), at a given
 * batch, with each kernel's GFLOPS and its share of the step's convolution time (weighted by how
 * often the step runs it). Shows which kernel and which layer the train step loses its time in.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.colorize.bench.TrainConvProbe 4
 * java ... -Dthreads=2 ... TrainConvProbe 4 "D conv"     (wall time on 2 kernel threads; layers whose name contains "D conv")
 * </pre>
 */
public final class TrainConvProbe {
    private TrainConvProbe() {
    }

    /** A conv as the train step uses it: in [C,H,W] -> out [O,oH,oW], kernel 4, and the kernel counts. */
    private record Layer(String name, int c, int h, int o, int stride, boolean deconv, int fwd, int igrad, int wgrad) {
        int outH() {
            return deconv ? h * 2 : stride == 2 ? h / 2 : h - 1;
        }

        double flops(int batch) {
            int spatial = deconv ? h * h : outH() * outH();
            return 2.0 * batch * spatial * c * o * 16;
        }
    }

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        String only = args.length > 1 ? args[1] : "";
        int threads = Integer.getInteger("threads", 1);
        Backend b = BenchSupport.backend(System.getProperty("backend", "cpu-vector"), threads);
        List<Layer> layers = new ArrayList<>();
        // U-Net G (ngf 64): each conv runs forward once and backward once (input grad except the first).
        int[][] down = {{1, 256, 64}, {64, 128, 128}, {128, 64, 256}, {256, 32, 512}, {512, 16, 512}, {512, 8, 512},
                {512, 4, 512}, {512, 2, 512}};
        for (int i = 0; i < down.length; i++) {
            int[] d = down[i];
            layers.add(new Layer("G down" + i, d[0], d[1], d[2], 2, false, 1, i == 0 ? 0 : 1, 1));
        }
        // ConvTranspose2d: forward is conv2dInputGrad, its input grad is conv2d, weight grad swaps roles.
        int[][] up = {{512, 1, 512}, {1024, 2, 512}, {1024, 4, 512}, {1024, 8, 512}, {1024, 16, 256}, {512, 32, 128},
                {256, 64, 64}, {128, 128, 2}};
        for (int i = 0; i < up.length; i++) {
            int[] u = up[i];
            layers.add(new Layer("G up" + i, u[0], u[1], u[2], 2, true, 1, 1, 1));
        }
        // PatchGAN D: forward 3 times (fake detached, real, fake for G), weight grads twice (D step on
        // both), input grads 3 times except the first layer (the fake for G needs it down to the input).
        layers.add(new Layer("D conv0", 3, 256, 64, 2, false, 3, 1, 2));
        layers.add(new Layer("D conv1", 64, 128, 128, 2, false, 3, 3, 2));
        layers.add(new Layer("D conv2", 128, 64, 256, 2, false, 3, 3, 2));
        layers.add(new Layer("D conv3", 256, 32, 512, 1, false, 3, 3, 2));
        layers.add(new Layer("D conv4", 512, 31, 1, 1, false, 3, 3, 2));

        Rng rng = new Rng(0);
        double total = 0;
        double totalFlops = 0;
        StringBuilder out = new StringBuilder();
        for (Layer l : layers) {
            if (!l.name().contains(only)) {
                continue;
            }
            ConvSpec spec = ConvSpec.of(l.stride(), 1);
            int oh = l.outH();
            // Conv view: x is the conv's input, y its output. A deconv is the adjoint of the conv from
            // its output (x, the smaller map) to its input (y): its forward is conv2dInputGrad(y -> x)
            // and its input gradient conv2d(x -> y); the weight gradient is the same kernel either way.
            int xC = l.deconv() ? l.o() : l.c(), xH = l.deconv() ? oh : l.h();
            int yC = l.deconv() ? l.c() : l.o(), yH = l.deconv() ? l.h() : oh;
            Tensor x = Tensor.randn(rng, batch, xC, xH, xH);
            Tensor y = Tensor.randn(rng, batch, yC, yH, yH);
            Tensor w = Tensor.randn(rng, yC, xC, 4, 4);
            Tensor gx = x.zerosLike();
            Tensor gy = y.zerosLike();
            Tensor gw = w.zerosLike();
            double flops = l.flops(batch) / 1e9;
            Runnable convFwd = () -> b.conv2d(x, w, null, gy, spec);
            Runnable convIn = () -> b.conv2dInputGrad(y, w, gx, spec);
            Runnable convW = () -> b.conv2dWeightGrad(x, y, gw, spec);
            Runnable fwd = l.deconv() ? convIn : convFwd;
            Runnable ig = l.deconv() ? convFwd : convIn;
            double[] ms = {time(fwd), l.igrad() == 0 ? 0 : time(ig), time(convW)};
            double weighted = ms[0] * l.fwd() + ms[1] * l.igrad() + ms[2] * l.wgrad();
            total += weighted;
            totalFlops += flops * (l.fwd() + l.igrad() + l.wgrad());
            out.append(String.format("%-9s %5dx%-3d -> %4d  fwd %7.2f ms %6.1f GF | igrad %7.2f ms %6.1f GF | wgrad %7.2f ms %6.1f GF | step %7.1f ms%n",
                    l.name(), l.c(), l.h(), l.o(), ms[0], flops / ms[0] * 1e3, ms[1], ms[1] == 0 ? 0 : flops / ms[1] * 1e3,
                    ms[2], flops / ms[2] * 1e3, weighted));
        }
        System.out.print(out);
        System.out.printf("conv total per step (%d thread(s), batch %d): %.1f ms for %.1f GFLOP = %.1f GFLOPS%n", threads, batch, total,
                totalFlops, totalFlops / total * 1e3);
    }

    /** Median ms of {@code op} after warm-up runs ({@link BenchSupport#medianMs}). */
    private static double time(Runnable op) {
        for (int i = 0; i < Integer.getInteger("warmupRuns", 3); i++) {
            op.run();
        }
        return BenchSupport.medianMs(op, Integer.getInteger("reps", 5));
    }
}
