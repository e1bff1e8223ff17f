package dev.colorize.examples.cli;

import dev.colorize.core.io.AtomicFiles;
import dev.colorize.gan.Colorizer;
import dev.colorize.gan.data.ImageFolder;
import dev.colorize.gan.metrics.EvalReport;
import dev.colorize.gan.metrics.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code colorize eval}: PSNR, SSIM, colourfulness and ab AuC of a model beside the gray baseline, as JSON. */
@Command(name = "colorize eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a model on a folder of colour photos (model vs gray baseline) and print JSON.",
                "Example: colorize eval --model runs/unet/model.safetensors --data holdout --size 256"})
public final class EvalCommand extends PicocliSubcommand {

    /** For ServiceLoader. */
    public EvalCommand() {
    }

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "model file")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "folder of colour photos (recursive)")
    Path data;

    @Option(names = "--size", paramLabel = "N", description = "render size (default: the model's own)")
    Integer size;

    @Option(names = "--saturation", paramLabel = "F", description = "chroma gain (default: the model's own)")
    Float saturation;

    @Option(names = "--flip-average", negatable = true,
            description = "average the predictions for the photo and its mirror image (default: the model's own)")
    Boolean flipAverage;

    @Option(names = "--mean-baseline", description = "also score the data set's mean ab as a baseline")
    boolean meanBaseline;

    @Option(names = "--max-images", paramLabel = "N", description = "score at most N photos")
    Integer maxImages;

    @Option(names = "--min-chroma", defaultValue = "3.0", paramLabel = "C", description = "skip photos whose mean chroma is below this (default ${DEFAULT-VALUE})")
    double minChroma;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "network threads")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the JSON to this file")
    Path json;

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "score a model (PSNR, SSIM, colourfulness, ab AuC) against the gray baseline";
    }

    @Override
    public Integer call() throws Exception {
        Colorizer c = Colorizer.load(model);
        if (size != null) {
            c = c.renderSize(size);
        }
        if (threads != null) {
            c = c.threads(threads);
        }
        if (saturation != null) {
            c = c.saturation(saturation);
        }
        if (flipAverage != null) {
            c = c.flipAverage(flipAverage);
        }
        Evaluation e = Evaluation.of(c).meanAbBaseline(meanBaseline).modelName(model.toString());
        if (maxImages != null) {
            e = e.maxImages(maxImages);
        }
        EvalReport r = e.run(ImageFolder.of(data).minMeanChroma(minChroma).warnings(w -> err.println("colorize eval: " + w)));
        String text = r.toJson();
        out.print(text);
        out.flush();
        if (json != null) {
            AtomicFiles.write(json, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
        }
        return 0;
    }
}
