package dev.colorize.examples.cli;

import dev.colorize.gan.Colorizer;
import dev.colorize.gan.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code colorize export}: copies a model file with config entries changed (for example the recommended
 * {@code saturation} or {@code render_size}), checking that the result still loads before it is written.
 */
@Command(name = "colorize export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy a model file, setting config entries (e.g. saturation, render_size).",
                "Example: colorize export --model runs/unet/model.safetensors --out default.safetensors --set saturation=1.4"})
public final class ExportCommand extends PicocliSubcommand {

    /** For ServiceLoader. */
    public ExportCommand() {
    }

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "model file to read")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "model file to write (atomically)")
    Path target;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "config entry to set (repeatable)")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "copy a model file with config entries changed (saturation, render_size, ...)";
    }

    @Override
    public Integer call() throws Exception {
        ModelFile in = ModelFile.read(model);
        Map<String, String> config = new LinkedHashMap<>(in.config());
        config.putAll(settings);
        ModelFile out = new ModelFile(in.architecture(), config, in.weights());
        out.instantiate(); // refuses a config the architecture cannot build, before anything is written
        out.write(target);
        Colorizer check = Colorizer.load(target);
        this.out.println("wrote " + target + " (" + in.architecture() + ", render size " + check.renderSize()
                + ", saturation " + check.saturation() + ")");
        return 0;
    }
}
