package dev.colorize.opencl;

import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.colorize.opencl.ClTestSupport.assertClose;
import static dev.colorize.opencl.ClTestSupport.randn;

/** The fused Adam / AdamW kernel against PyTorch's update rule written out in double precision. */
class AdamTest {

    @Test
    void matchesTheReferenceUpdateOverSeveralSteps() {
        OpenClBackend cl = ClTestSupport.backend();
        Random r = new Random(3);
        for (boolean decoupled : new boolean[] {false, true}) {
            int n = 257;
            float[] p = randn(r, n);
            double[] rp = new double[n], rm = new double[n], rv = new double[n];
            for (int i = 0; i < n; i++) {
                rp[i] = p[i];
            }
            Tensor param = ClTestSupport.contiguous(n).on(cl, p);
            Tensor m = ClTestSupport.contiguous(n).on(cl, new float[n]);
            Tensor v = ClTestSupport.contiguous(n).on(cl, new float[n]);
            float lr = 2e-3f, b1 = 0.5f, b2 = 0.999f, eps = 1e-8f, wd = 0.01f;
            for (int step = 1; step <= 4; step++) {
                float[] g = randn(r, n);
                cl.adamStep(param, ClTestSupport.contiguous(n).on(cl, g), m, v, lr, b1, b2, eps, wd, decoupled, step);
                for (int i = 0; i < n; i++) {
                    double gi = g[i];
                    if (decoupled) {
                        rp[i] *= 1 - lr * wd;
                    } else {
                        gi += wd * rp[i];
                    }
                    rm[i] = b1 * rm[i] + (1 - b1) * gi;
                    rv[i] = b2 * rv[i] + (1 - b2) * gi * gi;
                    double denom = Math.sqrt(rv[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
                    rp[i] -= lr / (1 - Math.pow(b1, step)) * rm[i] / denom;
                }
            }
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = (float) rp[i];
            }
            assertClose(expected, param.toArray(), 1e-5f, 1e-5f, "adam decoupled=" + decoupled);
        }
    }
}
