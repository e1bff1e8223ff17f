package dev.colorize.bench;

import dev.colorize.core.F;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.backend.FusedConv;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;


/**
 * Single-thread CPU time of each of the 16 fused convolutions of the U-Net inference path
 * ({@code F.convFused} with the activations and folded norms that {@code UnetInference} uses), so
 * the forward's time can be split by layer on a busy machine (see {@link CpuTimeProbe}).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.colorize.bench.FusedLayerProbe 64 [LAYER_INDEX]
 * java ... -Dthreads=2 ... FusedLayerProbe 32       (wall time on 2 kernel threads)
 * </pre>
 */
public final class FusedLayerProbe {
    private FusedLayerProbe() {
    }

    private record Layer(String name, boolean transposed, int inC, int inH, int outC, int outH, float inSlope,
                         float outSlope, boolean scaled) {
        double flops() {
            return transposed ? 2.0 * inC * inH * inH * outC * 16 : 2.0 * outC * outH * outH * inC * 16;
        }
    }

    public static void main(String[] args) {
        int g = Integer.parseInt(args[0]);
        int only = args.length > 1 ? Integer.parseInt(args[1]) : -1;
        BenchSupport.backend("cpu-vector", Integer.getInteger("threads", 1));
        float none = FusedConv.NONE;
        Layer[] layers = {
            new Layer("down1", false, 1, 256, g, 128, none, 0.2f, false),
            new Layer("down2", false, g, 128, 2 * g, 64, none, 0.2f, true),
            new Layer("down3", false, 2 * g, 64, 4 * g, 32, none, 0.2f, true),
            new Layer("down4", false, 4 * g, 32, 8 * g, 16, none, 0.2f, true),
            new Layer("down5", false, 8 * g, 16, 8 * g, 8, none, 0.2f, true),
            new Layer("down6", false, 8 * g, 8, 8 * g, 4, none, 0.2f, true),
            new Layer("down7", false, 8 * g, 4, 8 * g, 2, none, 0.2f, true),
            new Layer("down8", false, 8 * g, 2, 8 * g, 1, none, 0f, false),
            new Layer("up8", true, 8 * g, 1, 8 * g, 2, 0f, none, true),
            new Layer("up7", true, 16 * g, 2, 8 * g, 4, 0f, none, true),
            new Layer("up6", true, 16 * g, 4, 8 * g, 8, 0f, none, true),
            new Layer("up5", true, 16 * g, 8, 8 * g, 16, 0f, none, true),
            new Layer("up4", true, 16 * g, 16, 4 * g, 32, 0f, none, true),
            new Layer("up3", true, 8 * g, 32, 2 * g, 64, 0f, none, true),
            new Layer("up2", true, 4 * g, 64, g, 128, 0f, none, true),
            new Layer("up1", true, 2 * g, 128, 2, 256, 0f, none, false),
        };
        Rng rng = new Rng(0);
        double total = 0;
        for (int li = 0; li < layers.length; li++) {
            if (only >= 0 && li != only) {
                continue;
            }
            Layer l = layers[li];
            Tensor x = Tensor.randn(rng, 1, l.inC(), l.inH(), l.inH());
            // -Dcopies=N rotates N weight tensors, so weights larger than L3 / N come from memory as in
            // a whole forward (where every layer's weights are evicted by the others').
            Tensor[] ws = new Tensor[Integer.getInteger("copies", 1)];
            for (int c = 0; c < ws.length; c++) {
                ws[c] = l.transposed() ? Tensor.randn(rng, l.inC(), l.outC(), 4, 4).mul(0.05f)
                        : Tensor.randn(rng, l.outC(), l.inC(), 4, 4).mul(0.05f);
            }
            int[] turn = {0};
            Tensor scale = l.scaled() ? Tensor.rand(rng, l.outC()).add(0.5f) : null;
            Tensor shift = Tensor.randn(rng, l.outC());
            Tensor out = Tensor.zeros(1, l.outC(), l.outH(), l.outH());
            ConvSpec spec = ConvSpec.of(2, 1);
            FusedConv f = (l.transposed() ? FusedConv.transposed(spec) : FusedConv.conv(spec))
                    .inputSlope(l.inSlope()).outputSlope(l.outSlope());
            Runnable op = () -> F.convFused(x, ws[turn[0]++ % ws.length], scale, shift, f, out);
            long deadline = System.nanoTime() + Long.getLong("warmupMs", 3_000L) * 1_000_000L;
            while (System.nanoTime() < deadline) {
                op.run();
            }
            double med = BenchSupport.medianMs(op, Integer.getInteger("reps", 31));
            total += med;
            System.out.printf("%-6s %5dx%3d -> %5dx%3d  %s %7.3f  GFLOPS %6.1f%n", l.name(), l.inC(), l.inH(),
                    l.outC(), l.outH(), BenchSupport.timeUnit(), med, l.flops() / med / 1e6);
        }
        System.out.printf("total %s %.2f%n", BenchSupport.timeUnit(), total);
    }
}
