package dev.colorize.examples.cli;

import dev.colorize.gan.ModelFile;
import dev.colorize.gan.data.ImageFolder;
import dev.colorize.gan.data.Resize;
import dev.colorize.gan.data.ScanReport;
import dev.colorize.gan.models.AbHead;
import dev.colorize.gan.models.ColorClassifier;
import dev.colorize.gan.models.Norm;
import dev.colorize.gan.objectives.Objective;
import dev.colorize.gan.objectives.Objectives;
import dev.colorize.gan.train.StepResult;
import dev.colorize.gan.train.TrainResult;
import dev.colorize.gan.train.Trainer;
import dev.colorize.gan.train.TrainerBuilder;
import dev.colorize.gan.train.TrainingDivergedException;
import dev.colorize.gan.train.TrainingListener;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.LrSchedule;
import dev.colorize.nn.optim.Optimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code colorize train}: trains a generator on a folder of colour photos, printing a progress line
 * and writing checkpoints, losses.csv/png, sample grids and the final model.safetensors into --out.
 */
@Command(name = "colorize train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a colorization generator on a folder of colour photos.",
                "Example: colorize train --data photos --out runs/unet --objective lsgan --l1 100 --size 256 --batch 4 --steps 20000"})
public final class TrainCommand extends PicocliSubcommand {

    /** For ServiceLoader. */
    public TrainCommand() {
    }

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "folder of colour photos (searched recursively)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "run folder: checkpoints, logs, samples, model")
    Path runDir;

    @Option(names = "--generator", defaultValue = "unet", paramLabel = "unet|colorful",
            description = "generator network (default ${DEFAULT-VALUE})")
    String generator;

    @Option(names = "--objective", defaultValue = "gan", paramLabel = "NAME",
            description = "none|gan|lsgan|wgan|wgan-gp|ebgan (default ${DEFAULT-VALUE})")
    String objective;

    @Option(names = "--l1", paramLabel = "W", description = "L1 weight on ab/110 (default 100 unless --l2 is given)")
    Double l1;

    @Option(names = "--l2", paramLabel = "W", description = "L2 weight on ab/110 (default 0)")
    Double l2;

    @Option(names = "--size", defaultValue = "256", paramLabel = "N", description = "training crop size (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "N", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "total generator steps")
    long steps;

    @Option(names = "--resume", description = "continue from the newest checkpoint in --out")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "MODEL",
            description = "start from this model file's generator weights (same architecture and sizes), e.g. a "
                    + "generator-only run before an adversarial phase")
    Path initFrom;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "seed of data order, augmentation and initial weights")
    long seed;

    @Option(names = "--ngf", defaultValue = "64", paramLabel = "N", description = "U-Net base width (default ${DEFAULT-VALUE})")
    int ngf;

    @Option(names = "--num-downs", paramLabel = "N", description = "U-Net depth (default: 8 at 256, one fewer per halving)")
    Integer numDowns;

    @Option(names = "--norm", defaultValue = "batch", paramLabel = "batch|instance|none", description = "U-Net norm (default ${DEFAULT-VALUE})")
    String norm;

    @Option(names = "--no-dropout", description = "U-Net without pix2pix's dropout")
    boolean noDropout;

    @Option(names = "--width", defaultValue = "1.0", paramLabel = "F", description = "colorful generator width multiplier (default ${DEFAULT-VALUE})")
    double width;

    @Option(names = "--head", defaultValue = "regression", paramLabel = "regression|classification",
            description = "generator head (U-Net or colorful): ab regression (L1/L2) or Zhang et al.'s 313 ab classes "
                    + "with the rebalanced classification loss and annealed-mean decoding (default ${DEFAULT-VALUE})")
    String head;

    @Option(names = "--class-weight", defaultValue = "1", paramLabel = "W",
            description = "weight of the classification loss with --head classification (default ${DEFAULT-VALUE}); "
                    + "L1 is off unless --l1 is given")
    double classWeight;

    @Option(names = "--rebalance", defaultValue = "0.5", paramLabel = "LAMBDA",
            description = "class rebalancing: prior mixed with uniform by LAMBDA, 1 = off (default ${DEFAULT-VALUE})")
    double rebalance;

    @Option(names = "--ndf", defaultValue = "64", paramLabel = "N", description = "discriminator base width (default ${DEFAULT-VALUE})")
    int ndf;

    @Option(names = "--d-layers", defaultValue = "3", paramLabel = "N", description = "discriminator layers (default ${DEFAULT-VALUE})")
    int dLayers;

    @Option(names = "--lr", defaultValue = "2e-4", paramLabel = "LR", description = "generator Adam learning rate (default ${DEFAULT-VALUE}, betas 0.5/0.999)")
    double lr;

    @Option(names = "--ema", defaultValue = "0", paramLabel = "DECAY",
            description = "export the exponential moving average of the generator weights (e.g. 0.999; default 0 = off)")
    double ema;

    @Option(names = "--decay-from", paramLabel = "STEP", description = "decay both learning rates linearly to 0 from this step to the end")
    Long decayFrom;

    @Option(names = "--resize", defaultValue = "scale", paramLabel = "scale|crop|squash",
            description = "scale: shorter side to --load-size then random crop (default); crop: native resolution; squash: whole photo")
    String resize;

    @Option(names = "--load-size", paramLabel = "N", description = "shorter side before cropping in scale mode (default: --size)")
    Integer loadSize;

    @Option(names = "--no-flip", description = "no random horizontal flips")
    boolean noFlip;

    @Option(names = "--min-chroma", defaultValue = "3.0", paramLabel = "C", description = "skip photos whose mean chroma is below this (default ${DEFAULT-VALUE})")
    double minChroma;

    @Option(names = "--cache-mb", defaultValue = "1024", paramLabel = "MB",
            description = "keep up to MB of decoded, resized photos in memory after the first epoch, at most a quarter "
                    + "of the heap; 0 = decode every time (default ${DEFAULT-VALUE})")
    long cacheMb;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "background image-loading threads (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--checkpoint-every", defaultValue = "1000", paramLabel = "N", description = "(default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--keep", defaultValue = "3", paramLabel = "K", description = "checkpoints kept (default ${DEFAULT-VALUE})")
    int keep;

    @Option(names = "--sample-every", defaultValue = "500", paramLabel = "N", description = "sample grid interval, 0 = never (default ${DEFAULT-VALUE})")
    int sampleEvery;

    @Option(names = "--log-every", defaultValue = "10", paramLabel = "N", description = "progress line interval (default ${DEFAULT-VALUE})")
    int logEvery;

    @Override
    public String name() {
        return "train";
    }

    /** --cache-mb in bytes, capped at a quarter of the heap so the cache cannot crowd out training. */
    private long cacheBytes() {
        if (cacheMb < 0) {
            throw new IllegalArgumentException("--cache-mb must be >= 0, got " + cacheMb);
        }
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        return Math.min(cacheMb > Long.MAX_VALUE >> 20 ? Long.MAX_VALUE : cacheMb << 20, quarter);
    }

    @Override
    public String summary() {
        return "train a generator (U-Net or colorful) with an adversarial objective";
    }

    @Override
    public Integer call() throws Exception {
        Objective obj = Objectives.byName(objective);
        TrainNetworks nets = TrainNetworks.generator(generator, size, ngf, numDowns, Norm.parse(norm), !noDropout,
                width, AbHead.parse(head), seed);
        ImageFolder photos = ImageFolder.of(data).size(size).resize(Resize.valueOf(resize.toUpperCase(Locale.ROOT)))
                .flip(!noFlip).minMeanChroma(minChroma).cacheBytes(cacheBytes())
                .warnings(w -> err.println("colorize train: " + w));
        if (loadSize != null) {
            photos = photos.loadSize(loadSize);
        }
        out.println("scanning " + data + " ...");
        ScanReport scan = photos.scan();
        out.println(scan.summary());
        if (initFrom != null) {
            ModelFile init = ModelFile.read(initFrom);
            if (!init.architecture().equals(nets.architecture)) {
                throw new IllegalArgumentException("--init-from " + initFrom + " holds a '" + init.architecture()
                        + "' model, this run trains '" + nets.architecture + "'");
            }
            nets.generator.loadStateDict(init.weights());
            out.println("generator initialised from " + initFrom);
        }
        TrainerBuilder b = Trainer.builder()
                .generator(nets.generator).generatorIO(nets.io)
                .discriminator(TrainNetworks.discriminator(obj.name(), ndf, dLayers, seed + 1))
                .objective(obj)
                .generatorOptimizer(g -> adam(g.parameters(), lr))
                .data(photos).batchSize(batch).loaderThreads(workers, 2)
                .steps(steps).seed(seed).runDir(runDir).resume(resume)
                .checkpoints(checkpointEvery, keep).samples(sampleEvery, 4).plotEvery(Math.max(logEvery, 100))
                .modelFile(nets.architecture, nets.config)
                .ema(ema)
                .listener(new Progress());
        if (nets.generator instanceof ColorClassifier c && c.bins() != null) {
            b.classification(classWeight).rebalancing(rebalance, 256);
        }
        if (l1 != null) {
            b.l1(l1);
        }
        if (l2 != null) {
            b.l2(l2);
        }
        if (decayFrom != null) {
            b.lrSchedule(LrSchedule.linearDecay(decayFrom, Math.max(0, steps - decayFrom - 1)));
        }
        out.printf(Locale.ROOT, "generator %s (%,d parameters), objective %s, %d x %d crops, batch %d, %d steps%n",
                nets.architecture, nets.generator.parameterCount(), obj, size, size, batch, steps);
        try (Trainer t = b.build()) {
            TrainResult r = t.run();
            out.println("done: " + r.steps() + " steps; model " + r.modelFile() + ", checkpoint " + r.checkpoint());
            return 0;
        } catch (TrainingDivergedException e) {
            err.println("colorize train: " + e.getMessage());
            return 1;
        }
    }

    private static Optimizer adam(java.util.List<dev.colorize.core.tensor.Tensor> params, double lr) {
        return Adam.builder(params).lr(lr).betas(0.5, 0.999).build();
    }

    /** Prints one line every --log-every steps and notes checkpoints, samples and resumes. */
    private final class Progress implements TrainingListener {
        @Override
        public void onStep(StepResult r) {
            if (r.step() % Math.max(1, logEvery) != 0 && r.step() != r.totalSteps()) {
                return;
            }
            out.printf(Locale.ROOT, "step %d/%d  g_adv %.4f  g_rec %.4f  d %s  lr %.2e  %.1f img/s  ETA %s%n",
                    r.step(), r.totalSteps(), r.gAdv(), r.gRec(),
                    Double.isNaN(r.dLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", r.dLoss()),
                    r.lr(), r.imagesPerSecond(), duration(r.etaSeconds()));
        }

        @Override
        public void onCheckpoint(long step, Path file) {
            out.println("checkpoint " + file);
        }

        @Override
        public void onResume(long step, Path file) {
            out.println("resuming at step " + step + " from " + file);
        }

        @Override
        public void onMessage(String message) {
            out.println(message);
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
