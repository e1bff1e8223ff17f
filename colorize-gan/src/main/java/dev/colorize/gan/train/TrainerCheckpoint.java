package dev.colorize.gan.train;

import dev.colorize.core.io.Json;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Checkpoint;
import dev.colorize.nn.Module;
import dev.colorize.nn.data.LoaderState;
import dev.colorize.nn.layers.Dropout;
import dev.colorize.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything an exact resume needs, in one nn {@link Checkpoint} file: generator and discriminator
 * weights and buffers ({@code generator.*}, {@code discriminator.*}), the generator's weight average
 * if one is kept ({@code generator_ema.*}), both optimizers' state
 * ({@code optim/G/...}, {@code optim/D/...}), and as training-state metadata the step, the data
 * loader's position, the state of every random generator (each Dropout layer's, the objective's)
 * and the settings a resume must share (objective, batch size, seed).
 */
final class TrainerCheckpoint {
    private TrainerCheckpoint() {
    }

    /** What is saved and restored, owned by the trainer. */
    record Parts(Module generator, Module discriminator, Module generatorAverage, Optimizer optG, Optimizer optD,
                 Rng objectiveRng, String objective, int batchSize, long seed, String architecture,
                 Map<String, String> config) {
        TrainingModules modules() {
            return new TrainingModules(generator, discriminator, generatorAverage);
        }
    }

    static void save(Path file, Parts p, long step, LoaderState data) throws IOException {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("step", Long.toString(step));
        state.put("objective", p.objective());
        state.put("batch_size", Integer.toString(p.batchSize()));
        state.put("seed", Long.toString(p.seed()));
        state.putAll(data.toMetadata("data."));
        rngs(p).forEach((k, r) -> state.put(k, Long.toString(r.state())));
        Checkpoint.Builder b = Checkpoint.builder(p.modules())
                .architecture(p.architecture() == null ? "" : p.architecture())
                .config(json(p.config()))
                .optimizer("G", p.optG())
                .trainingState(state);
        if (p.optD() != null) {
            b.optimizer("D", p.optD());
        }
        b.save(file);
    }

    /** Restores {@code file} into the parts; returns the step and the loader state to continue from. */
    static Restored restore(Path file, Parts p) throws IOException {
        Checkpoint ck = Checkpoint.read(file);
        Map<String, String> state = ck.trainingState();
        expect(file, state, "objective", p.objective());
        expect(file, state, "batch_size", Integer.toString(p.batchSize()));
        expect(file, state, "seed", Long.toString(p.seed()));
        Map<String, Rng> rngs = rngs(p);
        Map<String, Long> rngStates = new LinkedHashMap<>();
        for (String key : rngs.keySet()) {
            rngStates.put(key, Long.parseLong(required(file, state, key)));
        }
        long step = Long.parseLong(required(file, state, "step"));
        LoaderState data = LoaderState.fromMetadata(state, "data.");
        // Weights and optimizers validate everything before changing anything; generators last.
        ck.loadModel(p.modules(), true);
        ck.loadOptimizer("G", p.optG());
        if (p.optD() != null) {
            ck.loadOptimizer("D", p.optD());
        }
        rngStates.forEach((k, s) -> rngs.get(k).setState(s));
        return new Restored(step, data);
    }

    record Restored(long step, LoaderState data) {
    }

    /** Every random generator whose state a resume needs, by metadata key. */
    static Map<String, Rng> rngs(Parts p) {
        Map<String, Rng> out = new LinkedHashMap<>();
        dropouts(p.generator(), "rng.generator.", out);
        if (p.discriminator() != null) {
            dropouts(p.discriminator(), "rng.discriminator.", out);
        }
        if (p.objectiveRng() != null) {
            out.put("rng.objective", p.objectiveRng());
        }
        return out;
    }

    private static void dropouts(Module m, String prefix, Map<String, Rng> out) {
        m.namedModules().forEach((path, child) -> {
            if (child instanceof Dropout d) {
                out.put(prefix + (path.isEmpty() ? "self" : path), d.rng());
            }
        });
    }

    /** The first parameter or buffer holding NaN or an infinity, as "generator.key", or null. */
    static String firstNonFinite(Module generator, Module discriminator) {
        for (Map.Entry<String, Tensor> e : new TrainingModules(generator, discriminator).stateDict().tensors().entrySet()) {
            for (float v : e.getValue().toArray()) {
                if (!Float.isFinite(v)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    private static void expect(Path file, Map<String, String> state, String key, String value) {
        String saved = required(file, state, key);
        if (!saved.equals(value)) {
            throw new IllegalArgumentException("cannot resume from " + file + ": it was trained with " + key + " = "
                    + saved + ", this run has " + value);
        }
    }

    private static String required(Path file, Map<String, String> state, String key) {
        String v = state.get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint " + file + " has no training state '" + key
                    + "' (not written by the Trainer, or for other networks)");
        }
        return v;
    }

    private static String json(Map<String, String> config) {
        StringBuilder sb = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, String> e : config.entrySet()) {
            sb.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            sep = ",";
        }
        return sb.append('}').toString();
    }
}
