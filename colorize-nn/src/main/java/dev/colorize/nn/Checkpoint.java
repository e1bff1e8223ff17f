package dev.colorize.nn;

import dev.colorize.nn.layers.Dropout;
import dev.colorize.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A module's weights, optionally with optimizers and training state, in one safetensors file.
 * Model keys are the module's state-dict keys unchanged (the file loads into PyTorch with
 * {@code safetensors.torch.load_file}); optimizer tensors live under {@code optim/<name>/...}.
 * Metadata: {@code format}, {@code architecture}, {@code config} (JSON supplied by the caller),
 * {@code library_version}, {@code created} (ISO-8601 instant), optimizer hyper-parameters and
 * {@code train/<key>} entries, and {@code rng/<module path>} for each {@link Dropout}'s generator. Saving is atomic: a crash never replaces a good checkpoint with a
 * partial one.
 *
 * <pre>{@code
 * Checkpoint.builder(generator).architecture("unet_256").config("{\"ngf\": 64}")
 *         .optimizer("G", optG).trainingState("epoch", "12").trainingState(loader.state().toMetadata("data."))
 *         .save(Path.of("runs/latest.safetensors"));
 *
 * Checkpoint ck = Checkpoint.read(path);
 * ck.loadModel(generator, true);
 * ck.loadOptimizer("G", optG);
 * LoaderState s = LoaderState.fromMetadata(ck.trainingState(), "data.");
 * }</pre>
 */
public final class Checkpoint {
    /** Value of the {@code format} metadata key. */
    public static final String FORMAT = "colorize-checkpoint-1";
    private static final String OPTIM = "optim/";
    private static final String TRAIN = "train/";
    private static final String RNG = "rng/";

    private final StateDict all;

    private Checkpoint(StateDict all) {
        this.all = all;
    }

    public static Builder builder(Module model) {
        return new Builder(model);
    }

    /** Reads a checkpoint (or any safetensors state dict: then format and architecture are null). */
    public static Checkpoint read(Path path) throws IOException {
        return new Checkpoint(StateDictIO.read(path));
    }

    /** The version of this library, as recorded in new checkpoints. */
    public static String libraryVersion() {
        String v = Checkpoint.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    public String format() {
        return all.metadata().get("format");
    }

    public String architecture() {
        return all.metadata().get("architecture");
    }

    /** The architecture configuration JSON given when saving, or null. */
    public String config() {
        return all.metadata().get("config");
    }

    public String savedLibraryVersion() {
        return all.metadata().get("library_version");
    }

    /** When the checkpoint was written, or null if unknown. */
    public Instant created() {
        String c = all.metadata().get("created");
        return c == null ? null : Instant.parse(c);
    }

    /** All metadata (unmodifiable). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(all.metadata());
    }

    /** The {@code train/} entries without their prefix. */
    public Map<String, String> trainingState() {
        Map<String, String> m = new LinkedHashMap<>();
        all.metadata().forEach((k, v) -> {
            if (k.startsWith(TRAIN)) {
                m.put(k.substring(TRAIN.length()), v);
            }
        });
        return m;
    }

    /** The model's state dict (every tensor not under {@code optim/}). */
    public StateDict modelState() {
        StateDict sd = new StateDict();
        for (StateDict.Entry e : all) {
            if (!e.key().startsWith(OPTIM)) {
                sd.put(e.key(), e.tensor(), e.integer());
            }
        }
        return sd;
    }

    /**
     * Loads the weights into {@code model} (see {@link Module#loadStateDict}) and restores the
     * generator state of every {@link Dropout} saved under the same module path, so that training
     * resumes with the same masks.
     */
    public LoadResult loadModel(Module model, boolean strict) {
        LoadResult r = model.loadStateDict(modelState(), strict);
        model.namedModules().forEach((path, m) -> {
            String saved = all.metadata().get(RNG + path);
            if (m instanceof Dropout d && saved != null) {
                d.rng().setState(Long.parseLong(saved));
            }
        });
        return r;
    }

    /** Names of the saved optimizers. */
    public java.util.Set<String> optimizerNames() {
        java.util.Set<String> names = new TreeSet<>();
        for (String k : all.metadata().keySet()) {
            if (k.startsWith(OPTIM) && k.endsWith("/optimizer")) {
                names.add(k.substring(OPTIM.length(), k.length() - "/optimizer".length()));
            }
        }
        return names;
    }

    /** Restores the optimizer saved as {@code name} exactly. */
    public void loadOptimizer(String name, Optimizer optimizer) {
        String prefix = OPTIM + name + "/";
        if (!all.metadata().containsKey(prefix + "optimizer")) {
            throw new IllegalArgumentException("checkpoint has no optimizer '" + name + "' (has " + optimizerNames() + ")");
        }
        StateDict sd = all.subDict(prefix);
        all.metadata().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                sd.metadata().put(k.substring(prefix.length()), v);
            }
        });
        optimizer.loadStateDict(sd);
    }

    /** What to save; {@link #save} writes it. */
    public static final class Builder {
        private final Module model;
        private final Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        private final Map<String, String> training = new LinkedHashMap<>();
        private String architecture = "";
        private String config = "{}";

        Builder(Module model) {
            this.model = model;
        }

        /** The architecture's name, e.g. {@code unet_256}. */
        public Builder architecture(String name) {
            this.architecture = name;
            return this;
        }

        /** The architecture's configuration as a JSON object text. */
        public Builder config(String json) {
            this.config = json;
            return this;
        }

        public Builder optimizer(String name, Optimizer optimizer) {
            if (name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("optimizer name must be non-empty without '/': '" + name + "'");
            }
            optimizers.put(name, optimizer);
            return this;
        }

        /** A training-state value (epoch, step, RNG state, ...), saved as metadata {@code train/<key>}. */
        public Builder trainingState(String key, String value) {
            training.put(key, value);
            return this;
        }

        public Builder trainingState(Map<String, String> values) {
            training.putAll(values);
            return this;
        }

        /** Writes the file atomically (temp file + rename). */
        public void save(Path path) throws IOException {
            StateDict sd = new StateDict();
            for (StateDict.Entry e : model.stateDict()) {
                if (e.key().startsWith(OPTIM)) {
                    throw new IllegalArgumentException("model key '" + e.key() + "' collides with the optimizer prefix");
                }
                sd.put(e.key(), e.tensor(), e.integer());
            }
            Map<String, String> meta = sd.metadata();
            meta.put("format", FORMAT);
            meta.put("architecture", architecture);
            meta.put("config", config);
            meta.put("library_version", libraryVersion());
            meta.put("created", Instant.now().toString());
            optimizers.forEach((name, opt) -> {
                StateDict os = opt.stateDict();
                sd.putAll(os.withPrefix(OPTIM + name + "/"));
                os.metadata().forEach((k, v) -> meta.put(OPTIM + name + "/" + k, v));
            });
            training.forEach((k, v) -> meta.put(TRAIN + k, v));
            model.namedModules().forEach((p, m) -> {
                if (m instanceof Dropout d) {
                    meta.put(RNG + p, Long.toString(d.rng().state()));
                }
            });
            StateDictIO.write(path, sd);
        }
    }
}
