package dev.colorize.gan.data;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.image.LabImage;
import dev.colorize.gan.image.Resampler;

/**
 * Resize, crop and flip of Lab planes into an {L, ab} sample, in two steps: {@link #resize} (the same
 * for a photo every time, so it can be cached) and {@link #crop}, which draws crop x, crop y, then
 * flip from the generator.
 */
final class Augment {
    private Augment() {
    }

    /** {@link #resize} then {@link #crop}. */
    static Tensor[] sample(LabImage lab, int size, int loadSize, Resize mode, boolean flip, Rng rng) {
        return crop(resize(lab, size, loadSize, mode), size, flip, rng);
    }

    /** A photo's L, a and b planes at the size crops are taken from (a and b zero for a gray photo). */
    record Resized(float[] l, float[] a, float[] b, int width, int height) {
        long bytes() {
            return 3L * Float.BYTES * width * height;
        }
    }

    static Resized resize(LabImage lab, int size, int loadSize, Resize mode) {
        int w = lab.width(), h = lab.height();
        int tw, th;
        switch (mode) {
            case SQUASH -> {
                tw = size;
                th = size;
            }
            case SCALE -> {
                double f = loadSize / (double) Math.min(w, h);
                tw = Math.max(loadSize, (int) Math.round(w * f));
                th = Math.max(loadSize, (int) Math.round(h * f));
            }
            case CROP -> {
                double f = Math.max(1.0, size / (double) Math.min(w, h));
                tw = Math.max(size, (int) Math.round(w * f));
                th = Math.max(size, (int) Math.round(h * f));
            }
            default -> throw new IllegalStateException(mode.toString());
        }
        float[] l = plane(lab.l(), w, h, tw, th);
        float[] a = lab.hasColor() ? plane(lab.a(), w, h, tw, th) : new float[tw * th];
        float[] b = lab.hasColor() ? plane(lab.b(), w, h, tw, th) : new float[tw * th];
        return new Resized(l, a, b, tw, th);
    }

    /** A {@code size} x {@code size} crop, random (and flipped with probability 1/2 if {@code flip}) when rng is not null. */
    static Tensor[] crop(Resized p, int size, boolean flip, Rng rng) {
        int tw = p.width(), th = p.height();
        int x0 = rng == null ? (tw - size) / 2 : rng.nextInt(tw - size + 1);
        int y0 = rng == null ? (th - size) / 2 : rng.nextInt(th - size + 1);
        boolean mirror = flip && rng != null && rng.nextFloat() < 0.5f;
        int n = size * size;
        float[] outL = new float[n];
        float[] outAb = new float[2 * n];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int src = (y0 + y) * tw + x0 + (mirror ? size - 1 - x : x);
                int dst = y * size + x;
                outL[dst] = p.l()[src];
                outAb[dst] = p.a()[src];
                outAb[n + dst] = p.b()[src];
            }
        }
        return new Tensor[] {Tensor.of(outL, 1, size, size), Tensor.of(outAb, 2, size, size)};
    }

    private static float[] plane(float[] src, int w, int h, int tw, int th) {
        return tw == w && th == h ? src : Resampler.resize(src, w, h, tw, th);
    }
}
