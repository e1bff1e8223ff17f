package dev.colorize.bench;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Single-thread CPU time (not wall time) of one operation, for A/B work on a machine where other
 * processes steal the cores: with one kernel thread everything runs on the calling thread, whose
 * CPU time barely moves under contention while wall time doubles. Not a substitute for the JMH
 * benchmarks (no forks, no blackholes, caches still shared), only a steadier yardstick.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.colorize.bench.CpuTimeProbe unet 64 1
 * java ... CpuTimeProbe sgemm 1024
 * </pre>
 */
public final class CpuTimeProbe {
    private CpuTimeProbe() {
    }

    public static void main(String[] args) {
        BenchSupport.backend("cpu-vector", 1);
        Rng rng = new Rng(0);
        Runnable op;
        double gflop;
        switch (args[0]) {
            case "sgemm" -> {
                int n = Integer.parseInt(args[1]);
                Backend b = BenchSupport.backend("cpu-vector", 1);
                Tensor x = Tensor.rand(rng, 1, n, n), y = Tensor.rand(rng, 1, n, n), c = Tensor.zeros(1, n, n);
                op = () -> b.matmul(x, y, c);
                gflop = 2.0 * n * n * n / 1e9;
            }
            case "unet" -> {
                int ngf = Integer.parseInt(args[1]), batch = Integer.parseInt(args[2]);
                Module g = Models.unet(ngf, false);
                g.eval();
                Tensor x = Models.uniform(rng, batch, 1, 256, 256);
                op = () -> {
                    try (GradMode.Scope s = GradMode.noGrad()) {
                        g.forward(x);
                    }
                };
                gflop = 11.96 * batch * (ngf / 64.0) * (ngf / 64.0);
            }
            case "train" -> {
                TrainStepBench bench = new TrainStepBench();
                bench.ngf = Integer.parseInt(args[1]);
                bench.batch = Integer.parseInt(args[2]);
                bench.threads = Integer.getInteger("threads", 1);
                bench.backend = "cpu-vector";
                bench.setup();
                op = bench::step;
                gflop = Double.NaN;
            }
            case "tanh" -> {
                Backend b = BenchSupport.backend("cpu-vector", 1);
                Tensor x = Tensor.randn(rng, Integer.parseInt(args[1])), y = x.zerosLike();
                op = () -> b.unary(dev.colorize.core.backend.UnaryOp.TANH, 0f, 0f, x, y);
                gflop = Double.NaN;
            }
            case "adam" -> {
                Module g = Models.unet(Integer.parseInt(args[1]), false);
                for (Tensor t : g.parameters()) {
                    t.setGrad(Tensor.randn(rng, t.shape()));
                }
                dev.colorize.nn.optim.Adam opt = dev.colorize.nn.optim.Adam.builder(g.parameters()).lr(2e-4)
                        .betas(0.5, 0.999).build();
                op = opt::step;
                gflop = Double.NaN;
            }
            case "layer" -> {
                ConvLayer l = ConvLayer.parse(args[1]);
                Backend b = BenchSupport.backend("cpu-vector", 1);
                Tensor x = Tensor.randn(rng, 1, l.inC(), l.inH(), l.inW());
                Tensor out = Tensor.zeros(1, l.outC(), l.outH(), l.outW());
                Tensor w = l.transposed() ? Tensor.randn(rng, l.inC(), l.outC(), 4, 4) : Tensor.randn(rng, l.outC(), l.inC(), 4, 4);
                dev.colorize.core.backend.ConvSpec spec = dev.colorize.core.backend.ConvSpec.of(2, 1);
                op = l.transposed() ? () -> b.conv2dInputGrad(x, w, out, spec) : () -> b.conv2d(x, w, null, out, spec);
                gflop = l.flops() / 1e9;
            }
            default -> throw new IllegalArgumentException("usage: CpuTimeProbe sgemm N | unet NGF BATCH | train NGF BATCH | adam NGF | tanh N | layer NAME");
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + Long.getLong("warmupMs", 20_000L) * 1_000_000L;
        for (int i = 0; i < Integer.getInteger("warmupRuns", 200) && System.nanoTime() < deadline; i++) {
            op.run();
        }
        long[] cpu = new long[Integer.parseInt(System.getProperty("reps", "15"))];
        long[] wall = new long[cpu.length];
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long process0 = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        for (int i = 0; i < cpu.length; i++) {
            long t0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
            op.run();
            cpu[i] = mx.getCurrentThreadCpuTime() - t0;
            wall[i] = System.nanoTime() - w0;
        }
        long process1 = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        Arrays.sort(cpu);
        Arrays.sort(wall);
        double med = cpu[cpu.length / 2] / 1e6, best = cpu[0] / 1e6;
        // The whole process's CPU per run includes GC and JIT threads: the price of allocation.
        double process = process0 < 0 ? Double.NaN : (process1 - process0) / 1e6 / cpu.length;
        System.out.printf("%s cpu_ms median %.2f best %.2f (%.1f GFLOPS at median) process_cpu_ms_per_run %.2f"
                        + " wall_ms median %.2f%n", String.join(" ", args), med, best, gflop / med * 1e3, process,
                wall[wall.length / 2] / 1e6);
    }
}
