package dev.colorize.gan;

import dev.colorize.core.io.SafeTensorFile;
import dev.colorize.core.io.SafeTensors;
import dev.colorize.core.io.SafeTensorsException;
import dev.colorize.core.io.TensorEntry;
import dev.colorize.core.tensor.Tensor;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model file written by this library: safetensors whose tensors are the generator's state_dict
 * and whose metadata names the architecture and its config:
 * <pre>
 *   format       = colorize-model
 *   version      = 1
 *   architecture = unet                    (a {@link ModelRegistry} name)
 *   config.KEY   = VALUE                   (e.g. config.ngf = 64; passed to the factory without "config.")
 * </pre>
 *
 * <pre>{@code
 * new ModelFile("unet", Map.of("ngf", "64"), generator.stateDict()).write(Path.of("model.safetensors"));
 * ModelFile f = ModelFile.read(Path.of("model.safetensors"));
 * ColorizationModel m = f.instantiate();
 * }</pre>
 */
public record ModelFile(String architecture, Map<String, String> config, Map<String, Tensor> weights) {
    static final String FORMAT = "colorize-model";
    static final String VERSION = "1";

    public ModelFile {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    public static ModelFile read(Path file) throws IOException {
        try {
            return of(SafeTensors.read(file));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "model file not found");
        } catch (SafeTensorsException e) {
            throw notSafetensors(e);
        }
    }

    /** Parses model-file bytes (e.g. a classpath resource, no temporary file); {@code source} names them in errors. */
    public static ModelFile read(byte[] bytes, String source) throws ModelFormatException {
        try {
            return of(SafeTensors.read(bytes, source));
        } catch (SafeTensorsException e) {
            throw notSafetensors(e);
        }
    }

    /**
     * A plain state dict, such as PyTorch's {@code safetensors.torch.save_file(model.state_dict(), f)}
     * writes it (any metadata is ignored), as a model of {@code architecture} with {@code config}: how
     * released PyTorch weights (e.g. the official ECCV16 ones) become a model file. Nothing is checked
     * here beyond the file format; {@link #instantiate()} reports missing, unexpected or mis-shaped keys.
     */
    public static ModelFile fromStateDict(Path file, String architecture, Map<String, String> config) throws IOException {
        try {
            return new ModelFile(architecture, config, weights(SafeTensors.read(file)));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "state dict file not found");
        } catch (SafeTensorsException e) {
            throw notSafetensors(e);
        }
    }

    private static ModelFormatException notSafetensors(SafeTensorsException e) {
        return new ModelFormatException(e.source(), "not a valid safetensors file: " + e.problem(), e);
    }

    private static ModelFile of(SafeTensorFile file) throws ModelFormatException {
        String source = file.source();
        Map<String, String> meta = file.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFormatException(source, "not a colorize model file (metadata 'format' is "
                    + meta.get("format") + ", expected '" + FORMAT + "')");
        }
        if (!VERSION.equals(meta.get("version"))) {
            throw new ModelFormatException(source, "model file version " + meta.get("version")
                    + " is not supported (this library reads version " + VERSION + ")");
        }
        String arch = meta.get("architecture");
        if (arch == null || arch.isBlank()) {
            throw new ModelFormatException(source, "model file metadata has no 'architecture'");
        }
        Map<String, String> config = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("config.")) {
                config.put(k.substring("config.".length()), v);
            }
        });
        return new ModelFile(arch, config, weights(file));
    }

    /** Every tensor as float32; I64 entries (e.g. {@code num_batches_tracked}) must convert exactly. */
    private static Map<String, Tensor> weights(SafeTensorFile file) throws ModelFormatException {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Map.Entry<String, TensorEntry> e : file.tensors().entrySet()) {
            try {
                weights.put(e.getKey(), e.getValue().toTensor());
            } catch (IllegalStateException ex) {
                throw new ModelFormatException(file.source(), "tensor '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        return weights;
    }

    /** Writes atomically (temporary file beside the target, then rename). */
    public void write(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("architecture", architecture);
        config.forEach((k, v) -> meta.put("config." + k, v));
        SafeTensors.write(file, weights, meta);
    }

    /** The model, built by the factory registered for {@link #architecture()}. */
    public ColorizationModel instantiate() {
        return ModelRegistry.factory(architecture).create(config, weights);
    }
}
