package dev.colorize.gan.metrics;

/**
 * The mean scores of one way of colouring a set of photos (the model, or a baseline): PSNR (dB) and
 * SSIM on 8-bit RGB, averaged over images; mean colourfulness of the results; AuC of the pooled
 * per-pixel ab errors.
 */
public record Scores(String name, int images, double psnr, double ssim, double colorfulness, double auc) {

    /** Sums per-image scores and pools ab errors; {@link #result()} gives the means. Not thread-safe. */
    static final class Accumulator {
        private final String name;
        private final AbErrorAuc auc = new AbErrorAuc();
        private double psnr;
        private double ssim;
        private double colorfulness;
        private int images;

        Accumulator(String name) {
            this.name = name;
        }

        /** Scores one result: its RGB against the truth's, and its ab planes (null: gray) against the true ones. */
        void add(Rgb8 result, Rgb8 truth, float[] a, float[] b, float[] trueA, float[] trueB) {
            psnr += Psnr.of(result, truth);
            ssim += Ssim.of(result, truth);
            colorfulness += Colorfulness.of(result);
            auc.add(a, b, trueA, trueB);
            images++;
        }

        Scores result() {
            if (images == 0) {
                return new Scores(name, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Scores(name, images, psnr / images, ssim / images, colorfulness / images, auc.value());
        }
    }
}
