package dev.colorize.gan.metrics;

/**
 * Peak signal-to-noise ratio of two 8-bit RGB images: {@code 10 log10(255^2 / MSE)} with the mean
 * squared error over every pixel and all three channels (as {@code skimage.metrics.peak_signal_noise_ratio}
 * with data_range 255). Identical images give {@code +Infinity}.
 *
 * <pre>{@code
 * double db = Psnr.of(prediction, truth);
 * }</pre>
 */
public final class Psnr {
    private Psnr() {
    }

    /** PSNR in dB. */
    public static double of(Rgb8 a, Rgb8 b) {
        double mse = mse(a, b);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Mean squared error over pixels and R, G, B channels, in 8-bit units squared. */
    public static double mse(Rgb8 a, Rgb8 b) {
        a.checkSameSize(b, "PSNR");
        long sum = 0;
        int[] pa = a.pixels(), pb = b.pixels();
        for (int i = 0; i < pa.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = ((pa[i] >> shift) & 0xFF) - ((pb[i] >> shift) & 0xFF);
                sum += d * d;
            }
        }
        return sum / (3.0 * pa.length);
    }
}
