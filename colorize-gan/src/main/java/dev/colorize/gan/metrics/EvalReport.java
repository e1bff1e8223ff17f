package dev.colorize.gan.metrics;

import java.util.List;
import java.util.Locale;

/**
 * The result of an {@link Evaluation}: how many photos were scored (and skipped), the truth's mean
 * colourfulness, and the {@link Scores} of the model beside the gray baseline (ab = 0) and, when
 * asked for, the data set's mean-ab baseline. {@link #toJson()} is what {@code colorize eval} prints.
 */
public record EvalReport(String model, String data, int renderSize, float saturation, boolean flipAverage, int images,
                         int skippedGray, int skippedCorrupt, double truthColorfulness, List<Scores> methods) {
    public EvalReport {
        methods = List.copyOf(methods);
    }

    /** The scores named {@code name} ("model", "gray_baseline", "mean_ab_baseline"), or null. */
    public Scores scores(String name) {
        return methods.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** Pretty JSON; a non-finite number (PSNR of a perfect prediction) is written as null. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "model_file", quote(model));
        field(sb, "data", quote(data));
        field(sb, "render_size", Integer.toString(renderSize));
        field(sb, "saturation", number(saturation));
        field(sb, "flip_average", Boolean.toString(flipAverage));
        field(sb, "images", Integer.toString(images));
        field(sb, "skipped_grayscale", Integer.toString(skippedGray));
        field(sb, "skipped_corrupt", Integer.toString(skippedCorrupt));
        sb.append("  \"definitions\": {\n")
          .append("    \"psnr\": \"dB on 8-bit sRGB, MSE over all pixels and R,G,B; mean over images\",\n")
          .append("    \"ssim\": \"Wang et al. 2004: 11x11 Gaussian sigma 1.5, K1 0.01, K2 0.03, L 255, valid region;")
          .append(" mean of the R, G and B SSIMs; mean over images\",\n")
          .append("    \"colorfulness\": \"Hasler & Suesstrunk 2003 (M3) on 8-bit sRGB; mean over images\",\n")
          .append("    \"auc\": \"Zhang et al. 2016: fraction of pixels with ab L2 error <= t for t = 0..150,")
          .append(" trapezoid area / 150, pixels pooled over images\"\n  },\n");
        field(sb, "truth_colorfulness", number(truthColorfulness));
        for (int i = 0; i < methods.size(); i++) {
            Scores s = methods.get(i);
            sb.append("  ").append(quote(s.name())).append(": {")
              .append("\"psnr\": ").append(number(s.psnr()))
              .append(", \"ssim\": ").append(number(s.ssim()))
              .append(", \"colorfulness\": ").append(number(s.colorfulness()))
              .append(", \"auc\": ").append(number(s.auc()))
              .append('}').append(i + 1 < methods.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append("  ").append(quote(name)).append(": ").append(value).append(",\n");
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
