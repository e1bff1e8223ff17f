package dev.colorize.examples.cli;

import dev.colorize.gan.Colorizer;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Options shared by the commands that run a model (picocli mixin). */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "model file (.safetensors written by this library); default: the bundled model")
    Path model;

    @Option(names = {"-s", "--render-size"}, paramLabel = "N",
            description = "square size the network sees (default: the model's own); larger = more detail, slower")
    Integer renderSize;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--batch-size", paramLabel = "N", description = "images per network call (default: 4)")
    Integer batchSize;

    @Option(names = "--saturation", paramLabel = "F",
            description = "chroma factor (default: the model's own; 0.9 for the bundled model)")
    Float saturation;

    @Option(names = "--flip-average", negatable = true, description = "also colorize the mirror image and average"
            + " the two (twice the network work, fewer wrong colours; default: the model's own, on for the bundled one)")
    Boolean flipAverage;

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend, e.g. cpu-scalar, opencl")
    String backend;

    @Option(names = "--max-pixels", paramLabel = "N", description = "refuse larger input images (default 100000000)")
    Long maxPixels;

    /** The model file's (or the bundled) colorizer with these options. */
    Colorizer build() throws IOException {
        return apply(model != null ? Colorizer.load(model) : Colorizer.pretrained());
    }

    /** {@code c} with the options that were given. */
    Colorizer apply(Colorizer c) {
        if (renderSize != null) {
            c = c.renderSize(renderSize);
        }
        if (threads != null) {
            c = c.threads(threads);
        }
        if (batchSize != null) {
            c = c.batchSize(batchSize);
        }
        if (saturation != null) {
            c = c.saturation(saturation);
        }
        if (flipAverage != null) {
            c = c.flipAverage(flipAverage);
        }
        if (backend != null) {
            c = c.backend(backend);
        }
        if (maxPixels != null) {
            c = c.maxPixels(maxPixels);
        }
        return c;
    }
}
