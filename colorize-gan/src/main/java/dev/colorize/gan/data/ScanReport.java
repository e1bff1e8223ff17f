package dev.colorize.gan.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ImageFolder#scan()} found: image files seen, kept, skipped as already gray (mean
 * chroma below the threshold) and skipped as unreadable, with the reason for each skipped file.
 */
public record ScanReport(Path root, int found, List<Path> kept, List<Skipped> grayscale, List<Skipped> corrupt) {
    public ScanReport {
        kept = List.copyOf(kept);
        grayscale = List.copyOf(grayscale);
        corrupt = List.copyOf(corrupt);
    }

    /** A file left out and why (mean chroma, or the decoder's message). */
    public record Skipped(Path file, String reason) {
    }

    /** One line, e.g. {@code "photos: 452 images, 450 used, 1 grayscale skipped, 1 corrupt skipped"}. */
    public String summary() {
        return root + ": " + found + " images, " + kept.size() + " used, " + grayscale.size()
                + " grayscale skipped, " + corrupt.size() + " corrupt skipped";
    }
}
