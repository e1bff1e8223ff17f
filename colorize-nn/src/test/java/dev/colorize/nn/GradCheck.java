package dev.colorize.nn;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Central-difference gradient check of sum(f() * g) with respect to leaf tensors, in float32. */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * Compares autograd gradients with finite differences (step {@code h}); fails when
     * |analytic - numeric| > tol * max(1, |numeric|) anywhere.
     */
    public static void check(String what, Supplier<Tensor> f, List<Tensor> leaves, float h, double tol) {
        for (Tensor t : leaves) {
            t.zeroGrad();
        }
        Tensor out = f.get();
        Tensor g = Tensor.randn(new Rng(99), out.shape());
        out.mul(g).sum().backward();
        for (int li = 0; li < leaves.size(); li++) {
            Tensor leaf = leaves.get(li);
            assertTrue(leaf.grad() != null, what + ": leaf " + li + " got no gradient");
            float[] analytic = leaf.grad().toArray();
            float[] data = leaf.toArray();
            for (int i = 0; i < data.length; i++) {
                double plus = perturbed(f, leaf, data, i, h, g);
                double minus = perturbed(f, leaf, data, i, -h, g);
                double numeric = (plus - minus) / (2 * h);
                double err = Math.abs(analytic[i] - numeric);
                assertTrue(err <= tol * Math.max(1, Math.abs(numeric)), what + ": leaf " + li + " element " + i
                        + " analytic " + analytic[i] + " numeric " + numeric);
            }
            try (GradMode.Scope s = GradMode.noGrad()) {
                leaf.copyFrom(Tensor.of(data, leaf.shape()));
            }
        }
    }

    private static double perturbed(Supplier<Tensor> f, Tensor leaf, float[] data, int i, float h, Tensor g) {
        float[] d = data.clone();
        d[i] += h;
        try (GradMode.Scope s = GradMode.noGrad()) {
            leaf.copyFrom(Tensor.of(d, leaf.shape()));
            float[] out = f.get().toArray();
            float[] gg = g.toArray();
            double sum = 0;
            for (int k = 0; k < out.length; k++) {
                sum += (double) out[k] * gg[k];
            }
            return sum;
        }
    }
}
