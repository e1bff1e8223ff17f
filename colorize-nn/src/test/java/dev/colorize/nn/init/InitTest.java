package dev.colorize.nn.init;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.ConvTranspose2d;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {

    private static double[] meanStd(Tensor t) {
        float[] v = t.toArray();
        double s = 0;
        double s2 = 0;
        for (float x : v) {
            s += x;
            s2 += (double) x * x;
        }
        double m = s / v.length;
        return new double[] {m, Math.sqrt(s2 / v.length - m * m)};
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float x : t.toArray()) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void fansAndDistributions() {
        Tensor w = Tensor.zeros(64, 32, 3, 3);
        assertEquals(32 * 9, Init.fanIn(w));
        assertEquals(64 * 9, Init.fanOut(w));
        Rng rng = new Rng(1);
        double bound = Math.sqrt(6.0 / (32 * 9 + 64 * 9));
        Init.xavierUniform(w, 1.0, rng);
        assertTrue(maxAbs(w) <= bound && maxAbs(w) > 0.95 * bound);
        Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, rng);
        double[] ms = meanStd(w);
        assertEquals(Math.sqrt(2.0 / (32 * 9)), ms[1], 0.05 * ms[1]);
        assertEquals(0, ms[0], 0.01);
        Init.kaimingUniform(w, 0.2, Init.FanMode.FAN_OUT, Init.Nonlinearity.LEAKY_RELU, rng);
        double kb = Math.sqrt(3.0) * Math.sqrt(2.0 / 1.04) / Math.sqrt(64 * 9);
        assertTrue(maxAbs(w) <= kb && maxAbs(w) > 0.95 * kb);
        Init.xavierNormal(w, 2.0, rng);
        assertEquals(2.0 * Math.sqrt(2.0 / (96 * 9)), meanStd(w)[1], 0.05 * meanStd(w)[1]);
        assertEquals(5.0 / 3, Init.gain(Init.Nonlinearity.TANH, 0));
    }

    @Test
    void pix2pixNormalIsSeededAndTouchesEveryLayerKind() {
        Sequential a = new Sequential(Conv2d.builder(3, 8, 4).build(new Rng(1)), new BatchNorm2d(8),
                ConvTranspose2d.builder(8, 3, 4).build(new Rng(2)));
        Sequential b = new Sequential(Conv2d.builder(3, 8, 4).build(new Rng(3)), new BatchNorm2d(8),
                ConvTranspose2d.builder(8, 3, 4).build(new Rng(4)));
        Init.pix2pixNormal(a, 0.02, new Rng(9));
        Init.pix2pixNormal(b, 0.02, new Rng(9));
        assertTrue(a.stateDict().bitEquals(b.stateDict()));
        Conv2d conv = (Conv2d) a.get(0);
        assertEquals(0.02, meanStd(conv.weight())[1], 0.004);
        assertArrayEquals(new float[8], conv.bias().toArray());
        assertEquals(1.0, meanStd(((BatchNorm2d) a.get(1)).weight())[0], 0.03);
        assertArrayEquals(new float[8], ((BatchNorm2d) a.get(1)).bias().toArray());
        assertEquals(0.02, meanStd(((ConvTranspose2d) a.get(2)).weight())[1], 0.004);
    }
}
