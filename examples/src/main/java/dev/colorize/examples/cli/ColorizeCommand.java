package dev.colorize.examples.cli;

import dev.colorize.gan.Colorizer;
import dev.colorize.gan.FileResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** {@code colorize PHOTO|FOLDER|GLOB... [-o OUT]}: the main job. */
@Command(name = "colorize", mixinStandardHelpOptions = true,
        description = "Colorize photos. Writes NAME-color.png next to each input unless -o is given.")
final class ColorizeCommand extends PicocliSubcommand {
    static final String SUFFIX = "-color";

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "photos, folders or globs (quote globs)")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "output file (one input) or folder (several inputs, or a path ending in /)")
    String output;

    @Option(names = {"-r", "--recursive"}, description = "descend into sub-folders")
    boolean recursive;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Override
    public String name() {
        return "colorize";
    }

    @Override
    public String summary() {
        return "colorize photos, folders and globs (the default)";
    }

    @Override
    public Integer call() throws Exception {
        List<Path> files = Inputs.expand(inputs, recursive);
        if (files.isEmpty()) {
            err.println("colorize: no image files in " + inputs);
            return 1;
        }
        Function<Path, Path> outputFor = outputs(files.size());
        java.util.Map<Path, Path> claimed = new java.util.HashMap<>();
        for (Path f : files) {
            Path previous = claimed.putIfAbsent(outputFor.apply(f).toAbsolutePath().normalize(), f);
            if (previous != null) {
                err.println("colorize: " + previous + " and " + f + " would both be written to " + outputFor.apply(f)
                        + "; colorize them into separate folders");
                return 2;
            }
        }
        Colorizer colorizer = modelOptions.build();
        if (files.size() == 1) {
            Path target = outputFor.apply(files.get(0));
            colorizer.colorize(files.get(0), target);
            out.println(target);
            return 0;
        }
        ProgressBar bar = new ProgressBar(err, files.size(), !quiet);
        AtomicInteger failed = new AtomicInteger();
        List<FileResult> results = colorizer.colorizeFiles(files, outputFor, (done, total, r) -> {
            if (!r.ok()) {
                failed.incrementAndGet();
            }
            bar.update(done, failed.get());
        });
        bar.finish();
        for (FileResult r : results) {
            if (!r.ok()) {
                err.println("colorize: " + r.error().getMessage());
            }
        }
        out.println((results.size() - failed.get()) + " of " + results.size() + " photos colorized");
        return failed.get() == 0 ? 0 : 1;
    }

    /** Where each input goes: -o as a file (single input) or a folder, else NAME-color.png beside the input. */
    private Function<Path, Path> outputs(int count) throws java.io.IOException {
        if (output == null) {
            return in -> Inputs.defaultOutput(in, null);
        }
        Path o = Path.of(output);
        boolean folder = count > 1 || output.endsWith("/") || Files.isDirectory(o);
        if (!folder) {
            return in -> o;
        }
        Files.createDirectories(o);
        return in -> Inputs.defaultOutput(in, o);
    }
}
