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
 * {@code saturation} or {@code render_size}), or makes a model file of a plain PyTorch state dict
 * ({@code --architecture}), checking that the result loads before it is written.
 */
@Command(name = "colorize export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy a model file, setting config entries (e.g. saturation, render_size, flip_average), or turn a plain "
                + "PyTorch state dict (safetensors) into a model file with --architecture.",
                "Example: colorize export --model runs/unet/model.safetensors --out default.safetensors --set saturation=1.4",
                "Example: colorize export --model eccv16-official.safetensors --architecture eccv16 --out eccv16.safetensors"})
public final class ExportCommand extends PicocliSubcommand {

    /** For ServiceLoader. */
    public ExportCommand() {
    }

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "model file to read")
    Path model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "model file to write (atomically)")
    Path target;

    @Option(names = "--architecture", paramLabel = "NAME",
            description = "read --model as a plain state dict of this architecture (unet, eccv16, ...) instead of a model file")
    String architecture;

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
        ModelFile in = architecture != null ? ModelFile.fromStateDict(model, architecture, Map.of()) : ModelFile.read(model);
        Map<String, String> config = new LinkedHashMap<>(in.config());
        config.putAll(settings);
        ModelFile out = new ModelFile(in.architecture(), config, in.weights());
        out.instantiate(); // refuses a config the architecture cannot build, before anything is written
        out.write(target);
        Colorizer check = Colorizer.load(target);
        this.out.println("wrote " + target + " (" + in.architecture() + ", render size " + check.renderSize()
                + ", saturation " + check.saturation() + (check.flipAverage() ? ", flip averaging" : "") + ")");
        return 0;
    }
}
