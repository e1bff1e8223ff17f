package dev.colorize.gan.metrics;

/**
 * Colourfulness of Hasler &amp; Suesstrunk (2003, "Measuring colourfulness in natural images",
 * metric M3): with {@code rg = R - G} and {@code yb = (R + G) / 2 - B} on 8-bit sRGB values,
 * {@code M = sqrt(sd(rg)^2 + sd(yb)^2) + 0.3 sqrt(mean(rg)^2 + mean(yb)^2)} (population standard
 * deviations). A gray image scores 0; the paper calls about 33 "moderately" and 59 "quite" colourful.
 *
 * <pre>{@code
 * double m = Colorfulness.of(Rgb8.of(image));
 * }</pre>
 */
public final class Colorfulness {
    private Colorfulness() {
    }

    public static double of(Rgb8 image) {
        int[] px = image.pixels();
        double sumRg = 0, sumYb = 0, sqRg = 0, sqYb = 0;
        for (int i = 0; i < px.length; i++) {
            int r = (px[i] >> 16) & 0xFF, g = (px[i] >> 8) & 0xFF, b = px[i] & 0xFF;
            double rg = r - g;
            double yb = 0.5 * (r + g) - b;
            sumRg += rg;
            sumYb += yb;
            sqRg += rg * rg;
            sqYb += yb * yb;
        }
        int n = px.length;
        double mRg = sumRg / n, mYb = sumYb / n;
        double vRg = Math.max(0, sqRg / n - mRg * mRg), vYb = Math.max(0, sqYb / n - mYb * mYb);
        return Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
    }
}
