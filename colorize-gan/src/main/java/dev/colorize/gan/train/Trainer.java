package dev.colorize.gan.train;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ModelFile;
import dev.colorize.gan.color.Normalization;
import dev.colorize.gan.models.ColorClassifier;
import dev.colorize.gan.objectives.Objective;
import dev.colorize.nn.Module;
import dev.colorize.nn.StateDict;
import dev.colorize.nn.StateDictIO;
import dev.colorize.nn.data.DataLoader;
import dev.colorize.nn.optim.LrScheduler;
import dev.colorize.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a colorization generator, alone (objective {@code none}) or against a discriminator, on
 * {L, ab} batches: each step runs the objective's discriminator steps on detached fakes, then one
 * generator step on {@code adversarial + l1 * |ab - ab_true| + l2 * (ab - ab_true)^2} (ab scaled by
 * 1/110) {@code + classification * rebalanced cross-entropy} of a classification head's ({@link ColorClassifier})
 * class logits (see {@link TrainerBuilder#classification}). Writes into the run folder:
 * <pre>
 *   checkpoints/step-000001000.safetensors   weights, optimizers, step, RNG and data-loader state (last K kept)
 *   losses.csv, losses.png                   per-step losses and their curves
 *   samples/step-000001000.png               gray | predicted | truth for fixed samples
 *   model.safetensors                        the final generator (its EMA weights if kept), loadable by Colorizer.load
 * </pre>
 * A resumed run continues exactly: its weights are bit-identical to those of an uninterrupted run
 * with the same settings. A NaN or infinite loss stops training with a {@link TrainingDivergedException}
 * before the update is applied; checkpoints never hold a diverged state.
 *
 * <pre>{@code
 * try (Trainer t = Trainer.builder()
 *         .generator(UNet.builder().ngf(64).build())
 *         .discriminator(PatchGAN.builder().build())
 *         .objective(Objectives.lsgan()).l1(100)
 *         .data(ImageFolder.of(Path.of("photos")).size(256)).batchSize(4)
 *         .steps(100_000).seed(1).runDir(Path.of("runs/lsgan")).resume(true)
 *         .modelFile("unet", Map.of("ngf", "64"))
 *         .build()) {
 *     t.run();
 * }
 * }</pre>
 */
public final class Trainer implements AutoCloseable {
    private final TrainerBuilder cfg;
    private final Module generator;
    private final Module discriminator;
    private final Objective objective;
    private final GeneratorIO io;
    private final Optimizer optG;
    private final Optimizer optD;
    private final LrScheduler schedG;
    private final LrScheduler schedD;
    private final DataLoader<Tensor[], Tensor[]> loader;
    private final Checkpoints checkpoints;
    private final TrainerCheckpoint.Parts parts;
    private final TrainingListener listener;
    private final LossLog log;
    private final ClassificationTerm classification;
    private final ParameterAverage average;
    private Iterator<Tensor[]> batches;
    private long step;
    private Path lastCheckpoint;
    private long lastCheckpointStep = -1;
    private long sessionStartStep;
    private long sessionStartNanos;
    private StepResult last;

    Trainer(TrainerBuilder b) throws IOException {
        this.cfg = b;
        this.generator = b.generator;
        this.objective = b.objective;
        this.discriminator = objective.usesDiscriminator() ? b.discriminator : null;
        this.io = b.io;
        this.listener = b.listener;
        this.optG = b.generatorOptimizer.apply(generator);
        this.optD = discriminator == null ? null
                : b.discriminatorOptimizer != null ? b.discriminatorOptimizer.apply(discriminator)
                : objective.defaultDiscriminatorOptimizer(discriminator);
        this.schedG = new LrScheduler(optG, b.schedule);
        this.schedD = optD == null ? null : new LrScheduler(optD, b.schedule);
        this.loader = DataLoader.builder(b.data).batchSize(b.batchSize).shuffle(true).dropLast(true)
                .seed(b.seed).workers(b.workers).prefetch(b.prefetch).build();
        if (loader.batchesPerEpoch() == 0) {
            loader.close();
            throw new IllegalArgumentException("Trainer: the data set has " + b.data.size()
                    + " samples, fewer than one batch of " + b.batchSize);
        }
        this.classification = b.classification == 0 ? null
                : ClassificationTerm.measure((ColorClassifier) generator, b.data, b.priorSamples, b.rebalanceLambda);
        if (classification != null) {
            listener.onMessage(classification.describe());
        }
        this.average = b.emaDecay > 0 ? new ParameterAverage(generator, b.emaDecay) : null;
        this.parts = new TrainerCheckpoint.Parts(generator, discriminator, average, optG, optD, objective.rng(),
                objective.name(), b.batchSize, b.seed, b.architecture, b.modelConfig);
        this.checkpoints = new Checkpoints(b.runDir.resolve("checkpoints"), b.keepLast);
        Files.createDirectories(b.runDir);
        Path resumeFrom = checkpoints.latest();
        if (resumeFrom != null && !b.resume) {
            loader.close();
            throw new IllegalStateException("run folder " + b.runDir + " already has checkpoints (latest " + resumeFrom
                    + "): resume it, or train into another folder");
        }
        if (resumeFrom != null) {
            restore(resumeFrom);
        }
        this.log = LossLog.open(b.runDir.resolve("losses.csv"), resumeFrom != null ? step : -1);
    }

    public static TrainerBuilder builder() {
        return new TrainerBuilder();
    }

    // ------------------------------------------------------------------ public API

    /** Trains to the configured number of steps, then writes the final checkpoint, model file and plot. */
    public TrainResult run() throws IOException {
        runUntil(cfg.steps);
        return finish();
    }

    /**
     * Trains until {@code target} generator steps are done (at most the configured total), writing
     * periodic checkpoints, samples and plots but no final files.
     */
    public void runUntil(long target) throws IOException {
        long end = Math.min(target, cfg.steps);
        sessionStartStep = step;
        sessionStartNanos = System.nanoTime();
        while (step < end) {
            trainStep();
            afterStep();
        }
    }

    /** Writes the final checkpoint (unless already written at this step), the model file and the loss plot. */
    public TrainResult finish() throws IOException {
        if (lastCheckpointStep != step) {
            saveCheckpoint();
        }
        LossPlot.write(log.rows(), cfg.runDir.resolve("losses.png"));
        Path model = writeModel();
        return new TrainResult(step, lastCheckpoint, model, last);
    }

    /** Generator steps done (restored on resume). */
    public long step() {
        return step;
    }

    public Module generator() {
        return generator;
    }

    /** The discriminator, or null for generator-only training. */
    public Module discriminator() {
        return discriminator;
    }

    public Optimizer generatorOptimizer() {
        return optG;
    }

    /** D's optimizer, or null for generator-only training. */
    public Optimizer discriminatorOptimizer() {
        return optD;
    }

    public Path runDir() {
        return cfg.runDir;
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** The newest checkpoint written or resumed from by this trainer, or null. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    /** Stops the data loader's threads and closes the loss log. */
    @Override
    public void close() throws IOException {
        loader.close();
        log.close();
    }

    // ------------------------------------------------------------------ one step

    /** The batch and fake of the last discriminator step, which the generator step reuses. */
    private static final class StepData {
        Tensor[] batch;
        Tensor fakeAb;
        Tensor logits;
        int images;
        double dLossSum;
        int dSteps;
    }

    /**
     * One generator step: the objective's discriminator steps (each on a new batch, its fake detached;
     * the generator runs once per batch), then G's update on the last batch's fake.
     */
    private void trainStep() {
        long t0 = System.nanoTime();
        generator.train();
        if (discriminator != null) {
            discriminator.train();
        }
        long stepNumber = step + 1;
        double lr = optG.lr();
        StepData d = discriminatorSteps(stepNumber);
        double[] g = generatorStep(stepNumber, d);
        step = stepNumber;
        schedG.step();
        if (schedD != null) {
            schedD.step();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double elapsed = (System.nanoTime() - sessionStartNanos) / 1e9;
        double eta = elapsed / (step - sessionStartStep) * (cfg.steps - step);
        last = new StepResult(step, cfg.steps, g[0], g[1], d.dSteps == 0 ? Double.NaN : d.dLossSum / d.dSteps, lr,
                d.images / Math.max(seconds, 1e-9), elapsed, eta);
    }

    private StepData discriminatorSteps(long stepNumber) {
        StepData d = new StepData();
        d.dSteps = discriminator == null ? 0 : objective.discriminatorSteps(step);
        d.batch = nextBatch();
        d.images = d.batch[0].size(0);
        for (int k = 0; k < d.dSteps; k++) {
            if (k > 0) {
                d.batch = nextBatch();
                d.images += d.batch[0].size(0);
            }
            boolean forGenerator = k == d.dSteps - 1; // only the last fake needs G's graph
            try (GradMode.Scope s = GradMode.set(forGenerator && GradMode.isEnabled())) {
                predict(d);
            }
            Tensor lNorm = Normalization.PIX2PIX.normalizeL(d.batch[0]);
            Tensor real = Tensor.cat(1, lNorm, Normalization.normalizeAb(d.batch[1]));
            Tensor fake = Tensor.cat(1, lNorm, d.fakeAb.detach());
            Tensor dLoss = objective.discriminatorLoss(discriminator, real, fake);
            d.dLossSum += finite("d_loss", stepNumber, dLoss.item());
            optD.zeroGrad();
            dLoss.backward();
            optD.step();
            optD.zeroGrad(); // drop D's gradients now: nothing reads them before its next backward
            objective.afterDiscriminatorStep(discriminator);
        }
        if (d.fakeAb == null) {
            predict(d);
        }
        return d;
    }

    /** The generator's ab / 110 for the batch's L, and the class logits when the classification loss needs them. */
    private void predict(StepData d) {
        if (classification != null && discriminator == null && cfg.l1 == 0 && cfg.l2 == 0) {
            // only the class loss reads the output: decoding ab (a softmax over every class) would be thrown away
            d.logits = ((ColorClassifier) generator).logits(io.input(d.batch[0]));
        } else if (classification != null) {
            ColorClassifier.Output out = ((ColorClassifier) generator).forwardWithLogits(io.input(d.batch[0]));
            d.fakeAb = io.normalizedAb(out.ab());
            d.logits = out.logits();
        } else {
            d.fakeAb = io.normalizedAb(generator.forward(io.input(d.batch[0])));
        }
    }

    /** G's update; returns {adversarial, reconstruction} losses. Nothing changes if either is not finite. */
    private double[] generatorStep(long stepNumber, StepData d) {
        try {
            Tensor gAdv;
            if (discriminator != null) {
                discriminator.requiresGrad(false); // D is a fixed judge during G's step
                gAdv = objective.generatorLoss(discriminator,
                        Tensor.cat(1, Normalization.PIX2PIX.normalizeL(d.batch[0]), d.fakeAb));
            } else {
                gAdv = Tensor.scalar(0f);
            }
            Tensor gRec = reconstruction(d.fakeAb, Normalization.normalizeAb(d.batch[1]));
            if (classification != null) {
                Tensor cls = classification.loss(d.logits, d.batch[1]).mul(cfg.classification);
                gRec = cfg.l1 == 0 && cfg.l2 == 0 ? cls : gRec.add(cls);
            }
            double adv = finite("g_adv", stepNumber, gAdv.item());
            double rec = finite("g_rec", stepNumber, gRec.item());
            optG.zeroGrad();
            gAdv.add(gRec).backward();
            optG.step();
            optG.zeroGrad(); // G's gradients (218 MiB at ngf 64) need not live through the next forward and D step
            if (average != null) {
                average.update(stepNumber);
            }
            return new double[] {adv, rec};
        } finally {
            if (discriminator != null) {
                discriminator.requiresGrad(true);
            }
        }
    }

    private Tensor reconstruction(Tensor ab, Tensor abTrue) {
        Tensor loss = null;
        if (cfg.l1 != 0) {
            loss = F.l1Loss(ab, abTrue, Reduction.MEAN).mul(cfg.l1);
        }
        if (cfg.l2 != 0) {
            Tensor l2 = F.mseLoss(ab, abTrue, Reduction.MEAN).mul(cfg.l2);
            loss = loss == null ? l2 : loss.add(l2);
        }
        return loss == null ? Tensor.scalar(0f) : loss;
    }

    private double finite(String what, long stepNumber, float value) {
        if (!Float.isFinite(value)) {
            diverged(what, stepNumber, value);
        }
        return value;
    }

    private void diverged(String what, long stepNumber, double value) {
        TrainingDivergedException e = new TrainingDivergedException(what, stepNumber, value, lastCheckpoint);
        listener.onMessage(e.getMessage());
        try {
            Files.writeString(cfg.runDir.resolve("diverged.txt"), e.getMessage() + System.lineSeparator());
        } catch (IOException io) {
            e.addSuppressed(io);
        }
        throw e;
    }

    private Tensor[] nextBatch() {
        if (batches == null || !batches.hasNext()) {
            batches = loader.iterator();
        }
        return batches.next();
    }

    // ------------------------------------------------------------------ periodic work

    private void afterStep() throws IOException {
        log.append(last);
        listener.onStep(last);
        if (cfg.checkpointEvery > 0 && step % cfg.checkpointEvery == 0) {
            saveCheckpoint();
        }
        if (cfg.sampleEvery > 0 && step % cfg.sampleEvery == 0) {
            writeSamples();
        }
        if (cfg.plotEvery > 0 && step % cfg.plotEvery == 0) {
            LossPlot.write(log.rows(), cfg.runDir.resolve("losses.png"));
        }
    }

    /** Writes a checkpoint of the current step (after checking every weight is finite) and prunes old ones. */
    public Path saveCheckpoint() throws IOException {
        String bad = TrainerCheckpoint.firstNonFinite(generator, discriminator);
        if (bad != null) {
            diverged("weights (" + bad + ")", step, Double.NaN);
        }
        Path file = checkpoints.fileFor(step);
        TrainerCheckpoint.save(file, parts, step, loader.state());
        lastCheckpoint = file;
        lastCheckpointStep = step;
        checkpoints.prune();
        listener.onCheckpoint(step, file);
        return file;
    }

    private void restore(Path file) throws IOException {
        TrainerCheckpoint.Restored r = TrainerCheckpoint.restore(file, parts);
        step = r.step();
        loader.restore(r.data());
        batches = null;
        schedG.setCount(step);
        if (schedD != null) {
            schedD.setCount(step);
        }
        lastCheckpoint = file;
        lastCheckpointStep = step;
        listener.onResume(step, file);
    }

    /** The sample grid of the first {@code sampleCount} samples (centre crops), predicted in eval mode. */
    public Path writeSamples() throws IOException {
        int n = Math.min(cfg.sampleCount, cfg.data.size());
        Tensor[][] samples = new Tensor[n][];
        for (int i = 0; i < n; i++) {
            samples[i] = cfg.data.get(i);
        }
        Tensor l = Tensor.stack(0, column(samples, 0)).contiguous();
        Tensor ab = Tensor.stack(0, column(samples, 1)).contiguous();
        float[] pred;
        generator.eval();
        try (GradMode.Scope s = GradMode.noGrad()) {
            pred = Normalization.denormalizeAb(io.normalizedAb(generator.forward(io.input(l)))).toArray();
        } finally {
            generator.train();
        }
        Path file = cfg.runDir.resolve("samples").resolve(String.format(Locale.ROOT, "step-%09d.png", step));
        SampleGrid.write(l.toArray(), pred, ab.toArray(), n, l.size(3), file);
        listener.onSample(step, file);
        return file;
    }

    private static Tensor[] column(Tensor[][] samples, int field) {
        Tensor[] out = new Tensor[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = samples[i][field];
        }
        return out;
    }

    /** The final generator: its weight average when one is kept (see {@link TrainerBuilder#ema}). */
    private Path writeModel() throws IOException {
        if (cfg.architecture != null) {
            Path file = cfg.runDir.resolve("model.safetensors");
            Map<String, Tensor> weights = average != null ? average.averagedWeights(generator) : generator.stateDict().tensors();
            new ModelFile(cfg.architecture, cfg.modelConfig, weights).write(file);
            return file;
        }
        Path file = cfg.runDir.resolve("generator.safetensors");
        StateDict sd = generator.stateDict();
        if (average != null) {
            average.averagedWeights(generator).forEach((k, t) -> sd.put(k, t, sd.isInteger(k)));
        }
        StateDictIO.write(file, sd);
        return file;
    }

}
