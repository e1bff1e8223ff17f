package dev.colorize.core.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Property checks of views on random shapes: every view agrees with explicit index arithmetic. */
class ViewPropertyTest {
    private static final int TRIALS = 60;
    private final Rng rng = new Rng(77);

    private int[] randomShape(int minRank) {
        int[] s = new int[minRank + rng.nextInt(5 - minRank)];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1 + rng.nextInt(4);
        }
        return s;
    }

    private int[] randomPermutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Calls {@code check} with every multi-index of {@code shape}. */
    private static void forEachIndex(int[] shape, java.util.function.Consumer<int[]> check) {
        int n = Shapes.numel(shape);
        int[] idx = new int[shape.length];
        for (int k = 0; k < n; k++) {
            check.accept(idx.clone());
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    @Test
    void permuteMatchesIndexArithmeticAndInverts() {
        for (int t = 0; t < TRIALS; t++) {
            int[] shape = randomShape(1);
            Tensor x = Tensor.randn(rng, shape);
            int[] p = randomPermutation(shape.length);
            Tensor y = x.permute(p);
            forEachIndex(y.shape(), idx -> {
                int[] src = new int[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    src[p[i]] = idx[i];
                }
                assertEquals(x.get(src), y.get(idx));
            });
            int[] inverse = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                inverse[p[i]] = i;
            }
            assertArrayEquals(x.toArray(), y.permute(inverse).toArray());
            Tensor c = y.contiguous();
            assertTrue(c.isContiguous());
            assertArrayEquals(y.toArray(), c.toArray());
        }
    }

    @Test
    void reshapeRoundTripsAndKeepsRowMajorOrder() {
        for (int t = 0; t < TRIALS; t++) {
            int[] shape = randomShape(1);
            Tensor x = Tensor.randn(rng, shape).permute(randomPermutation(shape.length));
            float[] rowMajor = x.toArray();
            int n = x.numel();
            int a = 1 + rng.nextInt(n);
            while (n % a != 0) {
                a--;
            }
            Tensor r = x.reshape(a, -1);
            assertArrayEquals(new int[] {a, n / a}, r.shape());
            assertArrayEquals(rowMajor, r.toArray());
            assertArrayEquals(rowMajor, r.reshape(x.shape()).toArray());
            assertArrayEquals(rowMajor, x.flatten().toArray());
        }
    }

    @Test
    void sliceMatchesIndexArithmetic() {
        for (int t = 0; t < TRIALS; t++) {
            int[] shape = randomShape(1);
            Tensor x = Tensor.randn(rng, shape);
            int d = rng.nextInt(shape.length);
            int start = rng.nextInt(shape[d]);
            int stop = start + 1 + rng.nextInt(shape[d] - start);
            int step = 1 + rng.nextInt(3);
            Tensor y = x.slice(d, start, stop, step);
            assertEquals((stop - start + step - 1) / step, y.size(d));
            forEachIndex(y.shape(), idx -> {
                int[] src = idx.clone();
                src[d] = start + idx[d] * step;
                assertEquals(x.get(src), y.get(idx));
            });
        }
    }

    @Test
    void expandRepeatsAlongUnitDimensions() {
        for (int t = 0; t < TRIALS; t++) {
            int[] target = randomShape(1);
            int[] small = target.clone();
            for (int i = 0; i < small.length; i++) {
                if (rng.nextInt(2) == 0) {
                    small[i] = 1;
                }
            }
            Tensor x = Tensor.randn(rng, small);
            Tensor y = x.expand(target);
            forEachIndex(target, idx -> {
                int[] src = idx.clone();
                for (int i = 0; i < src.length; i++) {
                    if (small[i] == 1) {
                        src[i] = 0;
                    }
                }
                assertEquals(x.get(src), y.get(idx));
            });
            assertArrayEquals(x.mul(Shapes.numel(target) / (float) Shapes.numel(small)).toArray(),
                    y.sumTo(small).toArray(), 1e-5f);
        }
    }

    @Test
    void transposeTwiceIsIdentityAndCatSplitsBack() {
        for (int t = 0; t < TRIALS; t++) {
            int[] shape = randomShape(2);
            Tensor x = Tensor.randn(rng, shape);
            int a = rng.nextInt(shape.length);
            int b = rng.nextInt(shape.length);
            assertArrayEquals(x.toArray(), x.transpose(a, b).transpose(a, b).toArray());
            int d = rng.nextInt(shape.length);
            Tensor y = Tensor.randn(rng, shape);
            Tensor c = Tensor.cat(d, x, y);
            assertArrayEquals(x.toArray(), c.slice(d, 0, shape[d]).toArray());
            assertArrayEquals(y.toArray(), c.slice(d, shape[d], 2 * shape[d]).toArray());
            Tensor s = Tensor.stack(d, x, y);
            assertArrayEquals(y.toArray(), s.slice(d, 1, 2).squeeze(d).toArray());
        }
    }

    @Test
    void viewsShareStorageWithTheirBase() {
        Tensor x = Tensor.zeros(3, 4);
        x.slice(1, 1, 4, 2).copyFrom(Tensor.ones(3, 2));
        x.transpose(0, 1).slice(0, 0, 1).copyFrom(Tensor.full(5f, 1, 3));
        assertArrayEquals(new float[] {5, 1, 0, 1, 5, 1, 0, 1, 5, 1, 0, 1}, x.toArray());
        assertEquals(Arrays.toString(new int[] {3, 4}), Arrays.toString(x.shape()));
    }
}
