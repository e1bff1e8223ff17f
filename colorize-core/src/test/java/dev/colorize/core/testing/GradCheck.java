package dev.colorize.core.testing;

import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Numerical gradient checks by central differences, independent of any reference data: the
 * analytic gradient of {@code L = sum(f(x) * R)} (R random) is compared, element by element, with
 * {@code (L(x + eps) - L(x - eps)) / 2 eps}, L summed in double. Choose inputs away from kinks.
 * {@link #checkSecondOrder} applies the same check to a first-order gradient built with a graph.
 */
public final class GradCheck {
    private double eps = 1e-2;
    private double atol = 5e-3;
    private double rtol = 2e-2;
    private final long seed;

    private GradCheck(long seed) {
        this.seed = seed;
    }

    public static GradCheck create() {
        return new GradCheck(12345);
    }

    public GradCheck eps(double e) {
        this.eps = e;
        return this;
    }

    public GradCheck tolerance(double absolute, double relative) {
        this.atol = absolute;
        this.rtol = relative;
        return this;
    }

    /** Checks d sum(f(inputs) * R) / d inputs[i] for every input. */
    public void check(String name, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        float[][] values = new float[inputs.length][];
        int[][] shapes = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = inputs[i].toArray();
            shapes[i] = inputs[i].shape();
        }
        List<Tensor> leaves = leaves(values, shapes);
        Tensor out = f.apply(leaves);
        Rng rng = new Rng(seed);
        float[] r = new float[out.numel()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) rng.nextGaussian();
        }
        List<Tensor> analytic = Autograd.grad(List.of(out), List.of(Tensor.of(r, out.shape())), leaves, false);
        for (int i = 0; i < inputs.length; i++) {
            float[] a = analytic.get(i).toArray();
            double[] numeric = new double[values[i].length];
            for (int j = 0; j < numeric.length; j++) {
                float saved = values[i][j];
                values[i][j] = (float) (saved + eps);
                double plus = objective(f, values, shapes, r);
                values[i][j] = (float) (saved - eps);
                double minus = objective(f, values, shapes, r);
                values[i][j] = saved;
                double step = (double) (float) (saved + eps) - (double) (float) (saved - eps);
                numeric[j] = (plus - minus) / step;
            }
            compare(name + " input " + i + " " + Arrays.toString(shapes[i]), a, numeric);
        }
    }

    /**
     * Checks the gradient of {@code g(inputs) = d sum(f * R1) / d inputs[0]}, built with
     * createGraph, with respect to every input: second derivatives of f.
     */
    public void checkSecondOrder(String name, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        check(name + " (second order)", xs -> {
            Tensor out = f.apply(xs);
            Tensor r1 = Tensor.randn(new Rng(seed + 1), out.shape());
            return Autograd.grad(List.of(out), List.of(r1), List.of(xs.get(0)), true).get(0);
        }, inputs);
    }

    private static List<Tensor> leaves(float[][] values, int[][] shapes) {
        List<Tensor> leaves = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            leaves.add(Tensor.of(values[i], shapes[i]).requiresGrad(true));
        }
        return leaves;
    }

    private static double objective(Function<List<Tensor>, Tensor> f, float[][] values, int[][] shapes, float[] r) {
        float[] out = f.apply(leaves(values, shapes)).toArray();
        double s = 0;
        for (int i = 0; i < out.length; i++) {
            s += (double) out[i] * r[i];
        }
        return s;
    }

    private void compare(String what, float[] analytic, double[] numeric) {
        double scale = 1;
        for (double n : numeric) {
            scale = Math.max(scale, Math.abs(n));
        }
        for (int i = 0; i < numeric.length; i++) {
            double err = Math.abs(analytic[i] - numeric[i]);
            if (!(err <= atol * scale + rtol * Math.abs(numeric[i]))) {
                fail(what + ": analytic gradient " + analytic[i] + " vs numerical " + numeric[i] + " at flat index " + i
                        + "\nanalytic  " + Arrays.toString(analytic) + "\nnumerical " + Arrays.toString(numeric));
            }
        }
    }

    /** Uniform values in [lo, hi). */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        Tensor u = Tensor.rand(rng, shape);
        return Tensor.of(u.mul(hi - lo).add(lo).toArray(), shape);
    }

    /** Normal values pushed at least {@code gap} away from 0 (away from the kinks of relu, abs, ...). */
    public static Tensor awayFromZero(Rng rng, float gap, int... shape) {
        float[] v = Tensor.randn(rng, shape).toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] >= 0 ? v[i] + gap : v[i] - gap;
        }
        return Tensor.of(v, shape);
    }
}
