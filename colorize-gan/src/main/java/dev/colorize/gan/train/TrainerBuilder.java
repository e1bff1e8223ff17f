package dev.colorize.gan.train;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.models.ClassRebalancing;
import dev.colorize.gan.models.ColorClassLoss;
import dev.colorize.gan.models.ColorClassifier;
import dev.colorize.gan.objectives.Objective;
import dev.colorize.gan.objectives.Objectives;
import dev.colorize.nn.Module;
import dev.colorize.nn.data.Dataset;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.LrSchedule;
import dev.colorize.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Fluent configuration of a {@link Trainer}. Required: {@link #generator}, {@link #data},
 * {@link #steps}, {@link #runDir}, and {@link #discriminator} when the objective uses one.
 * Defaults: objective none, L1 weight 100 (unless {@link #l1}/{@link #l2} are set), G optimizer
 * Adam(2e-4, betas 0.5/0.999), D optimizer the objective's default, constant learning rate,
 * pix2pix input/output scaling, batch size 1, seed 0, one loader thread prefetching 2 batches,
 * a checkpoint every 1000 steps keeping the last 3, a sample grid every 500 steps of 4 samples and
 * the loss plot every 100 steps.
 */
public final class TrainerBuilder {
    Module generator;
    GeneratorIO io = GeneratorIO.pix2pix();
    Module discriminator;
    Objective objective = Objectives.none();
    float l1 = 100f;
    float l2;
    float classification;
    float rebalanceLambda = ClassRebalancing.DEFAULT_LAMBDA;
    int priorSamples = 256;
    double emaDecay;
    private boolean reconstructionSet;
    Function<Module, Optimizer> generatorOptimizer = g -> Adam.builder(g.parameters()).lr(2e-4).betas(0.5, 0.999).build();
    Function<Module, Optimizer> discriminatorOptimizer;
    LrSchedule schedule = LrSchedule.constant();
    Dataset<Tensor[]> data;
    int batchSize = 1;
    int workers = 1;
    int prefetch = 2;
    long steps = -1;
    long seed;
    Path runDir;
    boolean resume;
    int checkpointEvery = 1000;
    int keepLast = 3;
    int sampleEvery = 500;
    int sampleCount = 4;
    int plotEvery = 100;
    TrainingListener listener = new TrainingListener() { };
    String architecture;
    Map<String, String> modelConfig = Map.of();

    TrainerBuilder() {
    }

    /** The network to train: L (scaled by {@link #generatorIO}) in, ab out. */
    public TrainerBuilder generator(Module g) {
        generator = Objects.requireNonNull(g, "generator");
        return this;
    }

    /** How the generator's input and output are scaled (default {@link GeneratorIO#pix2pix()}). */
    public TrainerBuilder generatorIO(GeneratorIO value) {
        io = Objects.requireNonNull(value, "generatorIO");
        return this;
    }

    /** The discriminator or critic; its input is cat(L/50 - 1, ab/110), [N,3,H,W]. Ignored by objective none. */
    public TrainerBuilder discriminator(Module d) {
        discriminator = d;
        return this;
    }

    public TrainerBuilder objective(Objective value) {
        objective = Objects.requireNonNull(value, "objective");
        return this;
    }

    /** Weight of the mean absolute ab error (ab/110); setting l1 or l2 replaces the default L1 100. */
    public TrainerBuilder l1(double weight) {
        reconstruction();
        l1 = checkWeight("l1", weight);
        return this;
    }

    /** Weight of the mean squared ab error (ab/110). */
    public TrainerBuilder l2(double weight) {
        reconstruction();
        l2 = checkWeight("l2", weight);
        return this;
    }

    /**
     * Weight of Zhang et al.'s classification loss ({@link ColorClassLoss}: cross-entropy against
     * soft-encoded ab classes, rebalanced) on the class logits of a generator with the
     * classification head ({@link dev.colorize.gan.models.ColorClassifier}: ECCV16 or U-Net). Like {@link #l1}, setting it replaces the default L1 100 (add {@code l1}
     * explicitly to combine them). The class prior of the rebalancing is measured on the training data
     * when the trainer is built (see {@link #rebalancing}).
     */
    public TrainerBuilder classification(double weight) {
        reconstruction();
        classification = checkWeight("classification", weight);
        return this;
    }

    /**
     * Class rebalancing of the classification loss: lambda in [0, 1] mixes the smoothed empirical class
     * prior with a uniform one (Zhang et al.: 0.5; 1 turns rebalancing off), the prior taken from up to
     * {@code samples} training samples spread over the data set (default 256).
     */
    public TrainerBuilder rebalancing(double lambda, int samples) {
        if (!(lambda >= 0 && lambda <= 1) || samples < 1) {
            throw new IllegalArgumentException("Trainer: rebalancing needs lambda in [0, 1] and samples >= 1, got "
                    + lambda + ", " + samples);
        }
        rebalanceLambda = (float) lambda;
        priorSamples = samples;
        return this;
    }

    /**
     * Keeps an exponential moving average of the generator's weights with this decay (e.g. 0.999;
     * 0 = off, the default) and exports it as the final model; it is checkpointed, so resume stays exact.
     */
    public TrainerBuilder ema(double decay) {
        if (!(decay == 0 || (decay > 0 && decay < 1))) {
            throw new IllegalArgumentException("Trainer: EMA decay must be 0 (off) or in (0, 1), got " + decay);
        }
        emaDecay = decay;
        return this;
    }

    private void reconstruction() {
        if (!reconstructionSet) {
            reconstructionSet = true;
            l1 = 0;
            l2 = 0;
        }
    }

    private static float checkWeight(String name, double w) {
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("Trainer: " + name + " weight must be a finite number >= 0, got " + w);
        }
        return (float) w;
    }

    /** Builds G's optimizer from the generator (default Adam lr 2e-4, betas 0.5/0.999). */
    public TrainerBuilder generatorOptimizer(Function<Module, Optimizer> factory) {
        generatorOptimizer = Objects.requireNonNull(factory);
        return this;
    }

    /** Builds D's optimizer from the discriminator (default: the objective's). */
    public TrainerBuilder discriminatorOptimizer(Function<Module, Optimizer> factory) {
        discriminatorOptimizer = factory;
        return this;
    }

    /** Learning-rate factor per generator step, for both optimizers (e.g. {@code LrSchedule.linearDecay(n, n)}). */
    public TrainerBuilder lrSchedule(LrSchedule value) {
        schedule = Objects.requireNonNull(value);
        return this;
    }

    /** Samples {L [1,S,S], ab [2,S,S]} in Lab units, e.g. an {@link dev.colorize.gan.data.ImageFolder}. */
    public TrainerBuilder data(Dataset<Tensor[]> value) {
        data = Objects.requireNonNull(value, "data");
        return this;
    }

    public TrainerBuilder batchSize(int n) {
        batchSize = positive("batchSize", n);
        return this;
    }

    /** Background loading threads (0: load on the training thread) and batches loaded ahead. */
    public TrainerBuilder loaderThreads(int threads, int prefetchBatches) {
        if (threads < 0) {
            throw new IllegalArgumentException("Trainer: loader threads must be >= 0, got " + threads);
        }
        workers = threads;
        prefetch = positive("prefetch", prefetchBatches);
        return this;
    }

    /** Total generator steps. */
    public TrainerBuilder steps(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("Trainer: steps must be >= 0, got " + n);
        }
        steps = n;
        return this;
    }

    /** Seeds the data order and augmentation (network initialisation is seeded by the networks' builders). */
    public TrainerBuilder seed(long value) {
        seed = value;
        return this;
    }

    /** The folder of checkpoints, logs, samples and the final model. */
    public TrainerBuilder runDir(Path dir) {
        runDir = Objects.requireNonNull(dir, "runDir");
        return this;
    }

    /** Continue from the run folder's newest checkpoint, if any (without it, a folder with checkpoints is refused). */
    public TrainerBuilder resume(boolean value) {
        resume = value;
        return this;
    }

    /** A checkpoint every {@code n} steps (0: only the final one), keeping the newest {@code keep}. */
    public TrainerBuilder checkpoints(int every, int keep) {
        if (every < 0) {
            throw new IllegalArgumentException("Trainer: checkpoint interval must be >= 0, got " + every);
        }
        checkpointEvery = every;
        keepLast = positive("keepLast", keep);
        return this;
    }

    /** A sample grid of {@code count} samples every {@code every} steps (0: never). */
    public TrainerBuilder samples(int every, int count) {
        if (every < 0) {
            throw new IllegalArgumentException("Trainer: sample interval must be >= 0, got " + every);
        }
        sampleEvery = every;
        sampleCount = positive("sample count", count);
        return this;
    }

    /** Redraw losses.png every {@code every} steps (0: only at the end); the CSV gets every step. */
    public TrainerBuilder plotEvery(int every) {
        if (every < 0) {
            throw new IllegalArgumentException("Trainer: plot interval must be >= 0, got " + every);
        }
        plotEvery = every;
        return this;
    }

    public TrainerBuilder listener(TrainingListener value) {
        listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    /**
     * Write the final generator as {@code model.safetensors} for {@code Colorizer.load}, under the
     * {@link dev.colorize.gan.ModelRegistry} architecture name and config (e.g. "unet", {ngf: 64}).
     * Without it the generator's state dict is written as {@code generator.safetensors}.
     */
    public TrainerBuilder modelFile(String arch, Map<String, String> config) {
        architecture = Objects.requireNonNull(arch, "architecture");
        modelConfig = new LinkedHashMap<>(config);
        return this;
    }

    private static int positive(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Trainer: " + what + " must be >= 1, got " + n);
        }
        return n;
    }

    /** Checks the configuration, creates the optimizers and data loader, and resumes if asked. */
    public Trainer build() throws IOException {
        if (generator == null || data == null || runDir == null || steps < 0) {
            throw new IllegalStateException("Trainer: generator, data, steps and runDir are required (have generator "
                    + (generator != null) + ", data " + (data != null) + ", steps " + steps + ", runDir " + runDir + ")");
        }
        if (objective.usesDiscriminator() && discriminator == null) {
            throw new IllegalStateException("Trainer: objective '" + objective.name() + "' needs a discriminator");
        }
        if (!objective.usesDiscriminator() && l1 == 0 && l2 == 0 && classification == 0) {
            throw new IllegalStateException("Trainer: objective 'none' with no L1/L2/classification weight has nothing to minimise");
        }
        if (classification != 0 && !(generator instanceof ColorClassifier c && c.bins() != null)) {
            throw new IllegalStateException("Trainer: the classification loss needs a generator with the "
                    + "classification head, got " + generator.name());
        }
        return new Trainer(this);
    }
}
