package dev.colorize.gan.metrics;

import dev.colorize.core.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    private static Rgb8 constant(int w, int h, int r, int g, int b) {
        int[] px = new int[w * h];
        Arrays.fill(px, (r << 16) | (g << 8) | b);
        return new Rgb8(w, h, px);
    }

    private static Rgb8 noise(int w, int h, long seed) {
        Rng rng = new Rng(seed);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (int) (rng.nextLong() & 0xFFFFFF);
        }
        return new Rgb8(w, h, px);
    }

    @Test
    void psnrOfAConstantErrorIsTheClosedForm() {
        Rgb8 truth = constant(8, 8, 100, 100, 100);
        Rgb8 pred = constant(8, 8, 110, 100, 100); // error 10 in one channel of three: MSE = 100 / 3
        assertEquals(100.0 / 3, Psnr.mse(pred, truth), 1e-12);
        assertEquals(10 * Math.log10(255.0 * 255.0 * 3 / 100), Psnr.of(pred, truth), 1e-9);
        Rgb8 allChannels = constant(8, 8, 95, 95, 95); // error 5 everywhere: MSE 25
        assertEquals(10 * Math.log10(255.0 * 255.0 / 25), Psnr.of(allChannels, truth), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(truth, truth));
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(truth, constant(8, 9, 0, 0, 0)));
    }

    @Test
    void ssimIsOneForIdenticalImagesAndTheClosedFormForConstants() {
        Rgb8 img = noise(20, 16, 1);
        assertEquals(1.0, Ssim.of(img, img), 1e-12);
        // Constant planes: variances and covariance are 0, so SSIM = (2 mu_x mu_y + C1) / (mu_x^2 + mu_y^2 + C1).
        double c1 = Math.pow(0.01 * 255, 2);
        double expected = (2 * 100.0 * 120 + c1) / (100.0 * 100 + 120.0 * 120 + c1);
        assertEquals(expected, Ssim.of(constant(12, 11, 100, 100, 100), constant(12, 11, 120, 120, 120)), 1e-9);
        // Per-channel average: only the red channel differs.
        double mixed = (expected + 1 + 1) / 3;
        assertEquals(mixed, Ssim.of(constant(12, 12, 100, 50, 50), constant(12, 12, 120, 50, 50)), 1e-9);
        double s = Ssim.of(noise(24, 24, 2), noise(24, 24, 3));
        assertTrue(s < 0.1 && s > -1, "independent noise has SSIM near 0, got " + s);
        assertEquals(s, Ssim.of(noise(24, 24, 3), noise(24, 24, 2)), 1e-12, "symmetric");
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(constant(10, 20, 0, 0, 0), constant(10, 20, 0, 0, 0)));
    }

    @Test
    void ssimMatchesADirectWindowedComputation() {
        // 11 x 11 image: the valid map has one value, computable by hand from the full Gaussian window.
        Rgb8 a = noise(11, 11, 4), b = noise(11, 11, 5);
        double[] k = new double[11];
        double ks = 0;
        for (int i = 0; i < 11; i++) {
            k[i] = Math.exp(-(i - 5) * (i - 5) / (2 * 1.5 * 1.5));
            ks += k[i];
        }
        double total = 0;
        for (int c = 0; c < 3; c++) {
            double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
            for (int y = 0; y < 11; y++) {
                for (int x = 0; x < 11; x++) {
                    double w = k[x] * k[y] / (ks * ks);
                    double vx = a.channel(y * 11 + x, c), vy = b.channel(y * 11 + x, c);
                    mx += w * vx;
                    my += w * vy;
                    sxx += w * vx * vx;
                    syy += w * vy * vy;
                    sxy += w * vx * vy;
                }
            }
            double c1 = Math.pow(0.01 * 255, 2), c2 = Math.pow(0.03 * 255, 2);
            total += (2 * mx * my + c1) * (2 * (sxy - mx * my) + c2)
                    / ((mx * mx + my * my + c1) * (sxx - mx * mx + syy - my * my + c2));
        }
        assertEquals(total / 3, Ssim.of(a, b), 1e-9);
    }

    @Test
    void colorfulnessOfGrayIsZeroAndOfTwoPixelsIsTheClosedForm() {
        assertEquals(0.0, Colorfulness.of(constant(5, 5, 77, 77, 77)), 1e-12);
        int[] ramp = new int[16];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (i * 16) * 0x010101;
        }
        assertEquals(0.0, Colorfulness.of(new Rgb8(4, 4, ramp)), 1e-12);
        // Pixels (255,0,0) and (0,0,255): rg = {255, 0}, yb = {127.5, -255}.
        Rgb8 two = new Rgb8(2, 1, new int[] {0xFF0000, 0x0000FF});
        double sdRg = 127.5, sdYb = 191.25, mRg = 127.5, mYb = -63.75;
        double expected = Math.sqrt(sdRg * sdRg + sdYb * sdYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
        assertEquals(expected, Colorfulness.of(two), 1e-9);
    }

    @Test
    void aucOfPerfectGrayAndKnownErrors() {
        float[] a = {10, -20, 30, 0}, b = {5, 5, -5, 0};
        AbErrorAuc perfect = new AbErrorAuc();
        perfect.add(a, b, a, b);
        assertEquals(1.0, perfect.value(), 1e-12);

        // Every error exactly 10.5: the curve is 0 up to t = 10 and 1 from t = 11.
        AbErrorAuc constant = new AbErrorAuc();
        float[] trueA = {10.5f, 0f, -10.5f}, trueB = {0f, 10.5f, 0f};
        constant.add(null, null, trueA, trueB);
        double[] curve = constant.curve();
        assertEquals(0.0, curve[10]);
        assertEquals(1.0, curve[11]);
        assertEquals((0.5 + 139) / 150, constant.value(), 1e-12);

        // Half the pixels perfect, half beyond 150: the curve is 1/2 everywhere.
        AbErrorAuc half = new AbErrorAuc();
        half.add(new float[] {0, 0}, new float[] {0, 0}, new float[] {0, 200}, new float[] {0, 0});
        assertEquals(0.5, half.value(), 1e-12);
        // An error of exactly 3 counts from t = 3 on (error <= t).
        AbErrorAuc three = new AbErrorAuc();
        three.addConstant(3, 0, new float[] {0}, new float[] {0});
        assertEquals(0.0, three.curve()[2]);
        assertEquals(1.0, three.curve()[3]);
        assertThrows(IllegalStateException.class, () -> new AbErrorAuc().value());
    }
}
