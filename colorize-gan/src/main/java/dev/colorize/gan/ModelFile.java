package dev.colorize.gan;

import dev.colorize.core.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
            return read(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "model file not found");
        }
    }

    /** Parses model-file bytes; {@code source} names them in errors. */
    public static ModelFile read(byte[] bytes, String source) throws ModelFormatException {
        SafetensorsCodec.Contents c = SafetensorsCodec.decode(bytes, source);
        Map<String, String> meta = c.metadata();
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
        return new ModelFile(arch, config, c.tensors());
    }

    /** Writes atomically (temporary file beside the target, then rename). */
    public void write(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("architecture", architecture);
        config.forEach((k, v) -> meta.put("config." + k, v));
        byte[] bytes = SafetensorsCodec.encode(weights, meta);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The model, built by the factory registered for {@link #architecture()}. */
    public ColorizationModel instantiate() {
        return ModelRegistry.factory(architecture).create(config, weights);
    }
}
