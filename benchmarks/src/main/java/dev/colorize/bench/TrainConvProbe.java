package dev.colorize.bench;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
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

        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Rng rng = new Rng(0);
        double total = 0;
        double totalFlops = 0;
        StringBuilder out = new StringBuilder();
        for (Layer l : layers) {
            if (!l.name().contains(only)) {
                continue;
            }
            ConvSpec spec = ConvSpec.of(l.stride(), l.stride() == 2 ? 1 : 1);
            int oh = l.outH();
            Tensor small = Tensor.randn(rng, batch, l.deconv() ? l.o() : l.c(), l.deconv() ? oh : l.h(), l.deconv() ? oh : l.h());
            Tensor big = Tensor.randn(rng, batch, l.deconv() ? l.c() : l.o(), l.deconv() ? l.h() : oh, l.deconv() ? l.h() : oh);
            // Conv view: x = input of the conv, y = output (a deconv is the conv from its output to its input).
            Tensor x = l.deconv() ? small : small;
            Tensor y = big;
            Tensor w = Tensor.randn(rng, l.deconv() ? l.c() : l.o(), l.deconv() ? l.o() : l.c(), 4, 4);
            Tensor gx = x.zerosLike();
            Tensor gy = y.zerosLike();
            Tensor gw = w.zerosLike();
            double flops = l.flops(batch) / 1e9;
            // For a conv: fwd = conv2d(x)->y, igrad = conv2dInputGrad(y)->x, wgrad = weightGrad(x, y).
            // For a deconv (conv from `small` to `big` is its adjoint): fwd = inputGrad(big)->small... roles swap.
            Runnable convFwd = () -> b.conv2d(x, w, null, gy, spec);
            Runnable convIn = () -> b.conv2dInputGrad(y, w, gx, spec);
            Runnable convW = () -> b.conv2dWeightGrad(x, y, gw, spec);
            Runnable fwd = l.deconv() ? convIn : convFwd;
            Runnable ig = l.deconv() ? convFwd : convIn;
            double[] ms = {time(mx, fwd), l.igrad() == 0 ? 0 : time(mx, ig), time(mx, convW)};
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

    /** CPU time of the calling thread with one kernel thread; wall time with more (they run on the pool). */
    private static double time(ThreadMXBean mx, Runnable op) {
        boolean wall = Integer.getInteger("threads", 1) > 1;
        for (int i = 0; i < Integer.getInteger("warmupRuns", 3); i++) {
            op.run();
        }
        long[] cpu = new long[Integer.getInteger("reps", 5)];
        for (int i = 0; i < cpu.length; i++) {
            long t0 = wall ? System.nanoTime() : mx.getCurrentThreadCpuTime();
            op.run();
            cpu[i] = (wall ? System.nanoTime() : mx.getCurrentThreadCpuTime()) - t0;
        }
        Arrays.sort(cpu);
        return cpu[cpu.length / 2] / 1e6;
    }
}
