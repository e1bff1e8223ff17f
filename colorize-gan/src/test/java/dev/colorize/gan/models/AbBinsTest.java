package dev.colorize.gan.models;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.color.Lab;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbBinsTest {

    @Test
    void gamutBinsAreGridCellsThatSrgbColoursReach() {
        AbBins bins = AbBins.gamut();
        assertEquals(261, bins.size(), "documented count of the cell rule with skimage's Lab");
        Set<Long> centres = new HashSet<>();
        for (int q = 0; q < bins.size(); q++) {
            assertEquals(0, bins.a(q) % 10, 0);
            assertEquals(0, bins.b(q) % 10, 0);
            assertTrue(Math.abs(bins.a(q)) <= 110 && Math.abs(bins.b(q)) <= 110);
            centres.add(key(bins.a(q), bins.b(q)));
        }
        assertTrue(centres.contains(key(0, 0)), "neutral gray is a bin");
        assertTrue(!centres.contains(key(-100, -100)), "(-100, -100) is far outside sRGB");
        // every 8-bit colour, interior ones included, falls in the cell of one of the bins
        Rng rng = new Rng(7);
        float[] lab = new float[3];
        for (int i = 0; i < 20000; i++) {
            int rgb = (int) (rng.nextLong() & 0xFFFFFF);
            Lab.rgb8ToLab(rgb, lab, 0);
            long cell = key(Math.round(lab[1] / 10) * 10f, Math.round(lab[2] / 10) * 10f);
            assertTrue(centres.contains(cell), "colour " + Integer.toHexString(rgb) + " ab " + lab[1] + "," + lab[2]);
        }
        // and the pure primaries hit the extreme bins near their known ab (red 80.1, 67.2; blue 79.2, -107.9)
        assertEquals(key(80, 70), key(bins.a(bins.nearest(80.1f, 67.2f)), bins.b(bins.nearest(80.1f, 67.2f))));
        assertEquals(key(80, -110), key(bins.a(bins.nearest(79.2f, -107.9f)), bins.b(bins.nearest(79.2f, -107.9f))));
    }

    @Test
    void eccv16BinsAreTheOfficialLayoutAroundTheGamut() {
        AbBins bins = AbBins.eccv16();
        assertEquals(313, bins.size());
        Set<Long> centres = new HashSet<>();
        for (int q = 0; q < bins.size(); q++) {
            if (q > 0) {
                assertTrue(bins.a(q) > bins.a(q - 1) || (bins.a(q) == bins.a(q - 1) && bins.b(q) > bins.b(q - 1)),
                        "ordered by a then b like pts_in_hull, at " + q);
            }
            centres.add(key(bins.a(q), bins.b(q)));
        }
        assertEquals(key(-90, 50), key(bins.a(0), bins.b(0)), "first official centre");
        assertEquals(key(100, 0), key(bins.a(312), bins.b(312)), "last official centre");
        AbBins gamut = AbBins.gamut();
        for (int q = 0; q < gamut.size(); q++) {
            assertTrue(centres.contains(key(gamut.a(q), gamut.b(q))), "gamut bin " + gamut.a(q) + "," + gamut.b(q));
        }
        // the documented near miss: the grid centres around the sRGB surface colours are 309 of the 313
        Set<Long> around = new HashSet<>();
        float[] lab = new float[3];
        for (int face = 0; face < 6; face++) {
            int fixed = face % 2 == 0 ? 0 : 255;
            for (int u = 0; u < 256; u++) {
                for (int v = 0; v < 256; v++) {
                    int rgb = switch (face / 2) {
                        case 0 -> (fixed << 16) | (u << 8) | v;
                        case 1 -> (u << 16) | (fixed << 8) | v;
                        default -> (u << 16) | (v << 8) | fixed;
                    };
                    Lab.rgb8ToLab(rgb, lab, 0);
                    for (float a : new float[] {(float) Math.floor(lab[1] / 10) * 10, (float) Math.ceil(lab[1] / 10) * 10}) {
                        for (float b : new float[] {(float) Math.floor(lab[2] / 10) * 10, (float) Math.ceil(lab[2] / 10) * 10}) {
                            around.add(key(a, b));
                        }
                    }
                }
            }
        }
        assertEquals(309, around.size());
        assertTrue(centres.containsAll(around));
        assertTrue(!around.contains(key(100, 0)), "(100, 0) is more than one bin away from sRGB");
    }

    private static long key(float a, float b) {
        return Math.round(a) * 10_000L + Math.round(b);
    }

    @Test
    void softEncodingMatchesAHandComputation() {
        AbBins bins = AbBins.gamut();
        float[] out = new float[bins.size()];
        int q0 = bins.softEncode(0f, 0f, 5, 5f, out, 0, 1);
        // at a centre: distances 0 and four times 10 -> weights 1 and exp(-100/50) = e^-2, normalised
        double e2 = Math.exp(-2);
        assertEquals(bins.nearest(0, 0), q0);
        assertEquals(1 / (1 + 4 * e2), out[q0], 1e-6);
        int nonZero = 0;
        double sum = 0;
        for (float v : out) {
            nonZero += v > 0 ? 1 : 0;
            sum += v;
        }
        assertEquals(5, nonZero);
        assertEquals(1, sum, 1e-6);
        assertEquals(e2 / (1 + 4 * e2), out[bins.nearest(10, 0)], 1e-6);
        assertEquals(e2 / (1 + 4 * e2), out[bins.nearest(0, -10)], 1e-6);

        Tensor z = bins.softEncode(Tensor.of(new float[] {0f, 33f, 0f, -47f}, 1, 2, 1, 2), 5, 5f);
        assertArrayEquals(new int[] {1, bins.size(), 1, 2}, z.shape());
        assertEquals(2, z.sum().item(), 1e-5);
    }

    @Test
    void annealedMeanGoesFromTheMeanToTheMode() {
        AbBins bins = AbBins.of(new float[] {0f, 50f, -20f}, new float[] {10f, 0f, 30f});
        Tensor logits = Tensor.of(new float[] {1f, 2f, 0.5f}, 1, 3, 1, 1);
        float[] p = Tensor.of(new float[] {1f, 2f, 0.5f}, 3).softmax(0).toArray();
        Tensor mean = bins.annealedMean(logits, 1f);
        assertEquals(p[0] * 0 + p[1] * 50 + p[2] * -20, mean.get(0, 0, 0, 0), 1e-4);
        assertEquals(p[0] * 10 + p[1] * 0 + p[2] * 30, mean.get(0, 1, 0, 0), 1e-4);
        Tensor mode = bins.annealedMean(logits, 0.01f);
        assertEquals(50, mode.get(0, 0, 0, 0), 1e-3);
        assertEquals(0, mode.get(0, 1, 0, 0), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> bins.annealedMean(Tensor.zeros(1, 4, 1, 1), 0.38f));
    }

    @Test
    void modelOutRoundTrip() {
        Eccv16 g = Eccv16.builder().widths(2, 2, 2, 2).head(AbHead.CLASSIFICATION).build();
        AbBins back = AbBins.fromModelOut(g.modelOut().weight());
        AbBins gamut = AbBins.eccv16();   // the default classes
        assertEquals(gamut.size(), back.size());
        for (int q = 0; q < back.size(); q++) {
            assertEquals(gamut.a(q), back.a(q), 1e-4);
            assertEquals(gamut.b(q), back.b(q), 1e-4);
        }
    }

    /**
     * The lattice window search against a full scan: random values over and beyond the bins, values on
     * cell borders (ties between two or four bins) and the bins' own centres, for both layouts.
     */
    @Test
    void windowSearchAnswersExactlyAsAFullScan() {
        Rng rng = new Rng(11);
        for (AbBins bins : new AbBins[] {AbBins.eccv16(), AbBins.gamut()}) {
            int q = bins.size();
            float[] a = new float[q];
            float[] b = new float[q];
            for (int i = 0; i < q; i++) {
                a[i] = bins.a(i);
                b[i] = bins.b(i);
            }
            AbBinGrid grid = AbBinGrid.of(a, b);
            assertTrue(grid != null, "both layouts lie on the lattice, so the window search is what is tested");
            int windowAnswers = 0;
            for (int t = 0; t < 40_000; t++) {
                float av, bv;
                if (t % 4 == 0) {            // a border: halfway between grid lines on one or both axes
                    av = (rng.nextInt(26) - 13) * 10 + 5;
                    bv = (rng.nextInt(26) - 13) * 10 + (t % 8 == 0 ? 5 : rng.nextInt(10));
                } else if (t % 4 == 1) {     // a centre
                    int c = rng.nextInt(q);
                    av = a[c];
                    bv = b[c];
                } else {                     // anywhere in [-160, 160)
                    av = rng.nextFloat() * 320 - 160;
                    bv = rng.nextFloat() * 320 - 160;
                }
                int[] expected = fullScan(a, b, av, bv, 5);
                int[] idx = new int[5];
                if (grid.nearest(av, bv, a, b, idx, new float[5])) {
                    assertArrayEquals(expected, idx, "window answer for (" + av + ", " + bv + ")");
                    windowAnswers++;
                } else {
                    assertTrue(t % 4 != 1 || bins.size() < 313, "a centre of the 313 bins needs no full scan: (" + av + ", " + bv + ")");
                }
                assertEquals(expected[0], bins.nearest(av, bv), "nearest of (" + av + ", " + bv + ")");
                float[] z = new float[q];
                bins.softEncode(av, bv, 5, 5f, z, 0, 1);
                for (int k = 0; k < q; k++) {
                    boolean chosen = false;
                    for (int e : expected) {
                        chosen |= e == k;
                    }
                    assertEquals(chosen, z[k] > 0, "bin " + k + " in the soft code of (" + av + ", " + bv + ")");
                }
            }
            assertTrue(windowAnswers > 20_000, "the window answered only " + windowAnswers + " of 40000");
        }
    }

    /** The k nearest by scanning every bin, the lower index first on ties. */
    private static int[] fullScan(float[] a, float[] b, float av, float bv, int k) {
        int[] idx = new int[k];
        double[] dist = new double[k];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        for (int q = 0; q < a.length; q++) {
            float da = av - a[q];
            float db = bv - b[q];
            float d = da * da + db * db;
            int p = k;
            while (p > 0 && dist[p - 1] > d) {
                p--;
            }
            if (p < k) {
                System.arraycopy(dist, p, dist, p + 1, k - p - 1);
                System.arraycopy(idx, p, idx, p + 1, k - p - 1);
                dist[p] = d;
                idx[p] = q;
            }
        }
        return idx;
    }
}
