package dev.colorize.opencl;

import dev.colorize.core.backend.AdamUpdate;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.reference.ReferenceCase;
import dev.colorize.core.reference.ReferenceRunner;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import java.util.Random;

import static dev.colorize.opencl.ClTestSupport.assertClose;
import static dev.colorize.opencl.ClTestSupport.randn;

/** The fused Adam / AdamW kernel against torch.optim.Adam's reference cases and the update rule in double precision. */
class AdamTest {

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adam_weight_decay"})
    void matchesTorchOptimAdamCases(String name) throws Exception {
        OpenClBackend cl = ClTestSupport.backend();
        Path file = ReferenceRunner.defaultDir().resolve("optim").resolve(name + ".safetensors");
        Backend previous = Backends.current();
        Backends.setCurrent(cl);
        try {
            ReferenceRunner.runCase(file, "optim/" + name, c -> torchAdam(c, cl));
        } finally {
            Backends.setCurrent(previous);
        }
    }

    private static void torchAdam(ReferenceCase c, OpenClBackend cl) {
        Tensor param = c.input("param").detach();
        Tensor m = param.zerosLike(), v = param.zerosLike();
        List<Object> betas = c.list("betas");
        float b1 = ((Number) betas.get(0)).floatValue(), b2 = ((Number) betas.get(1)).floatValue();
        for (int step = 1; step <= c.intParam("steps"); step++) {
            cl.adamStep(new AdamUpdate(c.floatParam("lr"), b1, b2, c.floatParam("eps"), c.floatParam("weight_decay"), false,
                    step), param, c.input("step" + step + ".grad"), m, v);
            c.expect("step" + step + ".param", param);
        }
        c.expect("state.exp_avg", m);
        c.expect("state.exp_avg_sq", v);
    }

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
                cl.adamStep(new AdamUpdate(lr, b1, b2, eps, wd, decoupled, step), param, ClTestSupport.contiguous(n).on(cl, g), m, v);
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
