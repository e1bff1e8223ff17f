package dev.colorize.gan.metrics;

import dev.colorize.gan.Colorizer;
import dev.colorize.gan.data.ImageFolder;
import dev.colorize.gan.data.ScanReport;
import dev.colorize.gan.image.LabImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scores a {@link Colorizer} on the colour photos of a folder, the way it is used: each photo's
 * lightness goes through the network at the render size, the predicted ab is upsampled to the
 * photo's size and combined with its own L, and the result is compared with the original at full
 * resolution. The same photos are scored with ab = 0 (the gray baseline: what "doing nothing"
 * earns) and optionally with the data set's mean ab everywhere. Photos that are already gray or
 * unreadable are skipped and counted (see {@link ImageFolder#scan()}).
 *
 * <pre>{@code
 * EvalReport r = Evaluation.of(Colorizer.load(Path.of("model.safetensors")).renderSize(256))
 *         .meanAbBaseline(true)
 *         .run(ImageFolder.of(Path.of("holdout")));
 * System.out.println(r.toJson());
 * }</pre>
 */
public final class Evaluation {
    private final Colorizer colorizer;
    private final boolean meanAbBaseline;
    private final int maxImages;
    private final String modelName;

    private Evaluation(Colorizer colorizer, boolean meanAbBaseline, int maxImages, String modelName) {
        this.colorizer = Objects.requireNonNull(colorizer, "colorizer");
        this.meanAbBaseline = meanAbBaseline;
        this.maxImages = maxImages;
        this.modelName = modelName;
    }

    /** Evaluation of {@code colorizer} at its render size. */
    public static Evaluation of(Colorizer colorizer) {
        return new Evaluation(colorizer, false, Integer.MAX_VALUE, colorizer.model().architecture());
    }

    /** Also score the constant prediction "mean ab of the data set" (one more pass over the photos). */
    public Evaluation meanAbBaseline(boolean enabled) {
        return new Evaluation(colorizer, enabled, maxImages, modelName);
    }

    /** Score at most the first {@code n} usable photos (in file-name order). */
    public Evaluation maxImages(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Evaluation: maxImages must be >= 1, got " + n);
        }
        return new Evaluation(colorizer, meanAbBaseline, n, modelName);
    }

    /** The model's name in the report (default: its architecture). */
    public Evaluation modelName(String name) {
        return new Evaluation(colorizer, meanAbBaseline, maxImages, name);
    }

    /** Scores every usable photo of {@code folder}. */
    public EvalReport run(ImageFolder folder) throws IOException {
        ScanReport scan = folder.scan();
        List<Path> files = scan.kept().subList(0, Math.min(maxImages, scan.kept().size()));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Evaluation: no usable colour photos (" + scan.summary() + ")");
        }
        float[] meanAb = meanAbBaseline ? meanAb(files) : null;
        Scores.Accumulator model = new Scores.Accumulator("model");
        Scores.Accumulator gray = new Scores.Accumulator("gray_baseline");
        Scores.Accumulator mean = new Scores.Accumulator("mean_ab_baseline");
        double truthColorfulness = 0;
        for (Path f : files) {
            BufferedImage image = colorizer.loader().read(f);
            LabImage truth = LabImage.of(image);
            Rgb8 truthRgb = Rgb8.of(image);
            truthColorfulness += Colorfulness.of(truthRgb);
            LabImage predicted = colorizer.colorize(truth);
            model.add(Rgb8.of(predicted), truthRgb, predicted.a(), predicted.b(), truth.a(), truth.b());
            gray.add(Rgb8.of(LabImage.of(truth.width(), truth.height(), truth.l(), null, null, null)), truthRgb,
                    null, null, truth.a(), truth.b());
            if (meanAb != null) {
                int n = truth.l().length;
                float[] a = new float[n], b = new float[n];
                java.util.Arrays.fill(a, meanAb[0]);
                java.util.Arrays.fill(b, meanAb[1]);
                mean.add(Rgb8.of(truth.withAb(a, b)), truthRgb, a, b, truth.a(), truth.b());
            }
        }
        List<Scores> methods = new ArrayList<>(List.of(model.result(), gray.result()));
        if (meanAb != null) {
            methods.add(mean.result());
        }
        return new EvalReport(modelName, folder.root().toString(), colorizer.renderSize(), colorizer.saturation(),
                colorizer.flipAverage(), files.size(),
                scan.grayscale().size(), scan.corrupt().size(), truthColorfulness / files.size(), methods);
    }

    /** Mean a and b over every pixel of the photos. */
    private float[] meanAb(List<Path> files) throws IOException {
        double sa = 0, sb = 0;
        long n = 0;
        for (Path f : files) {
            LabImage lab = LabImage.of(colorizer.loader().read(f));
            for (int i = 0; i < lab.a().length; i++) {
                sa += lab.a()[i];
                sb += lab.b()[i];
            }
            n += lab.a().length;
        }
        return new float[] {(float) (sa / n), (float) (sb / n)};
    }
}
