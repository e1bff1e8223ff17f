package dev.colorize.gan.train;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.Colorizer;
import dev.colorize.gan.data.ImageFolder;
import dev.colorize.gan.objectives.Objective;
import dev.colorize.gan.objectives.Objectives;
import dev.colorize.nn.Checkpoint;
import dev.colorize.nn.Module;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @Test
    void writesLogsPlotsSamplesCheckpointsAndALoadableModel(@TempDir Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 5);
        Path run = dir.resolve("run");
        List<StepResult> steps = new ArrayList<>();
        List<Long> checkpointSteps = new ArrayList<>();
        TrainResult result;
        try (Trainer t = Fixtures.config(photos, run, "lsgan", 3).listener(new TrainingListener() {
            @Override
            public void onStep(StepResult r) {
                steps.add(r);
            }

            @Override
            public void onCheckpoint(long step, Path file) {
                checkpointSteps.add(step);
            }
        }).build()) {
            result = t.run();
        }
        assertEquals(10, steps.size());
        assertEquals(List.of(4L, 8L, 10L), checkpointSteps);
        StepResult last = steps.get(9);
        assertEquals(10, last.step());
        assertEquals(10, last.totalSteps());
        assertEquals(2e-4, steps.get(3).lr(), 1e-12);          // factor 0.5^(3/4) = 1 during step 4
        assertEquals(1e-4, steps.get(4).lr(), 1e-12);          // halved after 4 steps
        assertEquals(5e-5, last.lr(), 1e-12);
        assertTrue(Double.isFinite(last.dLoss()) && Double.isFinite(last.gAdv()) && last.gRec() > 0, last.toString());
        assertTrue(last.imagesPerSecond() > 0);
        assertEquals(0.0, last.etaSeconds(), 1e-9);

        List<String> csv = Files.readAllLines(run.resolve("losses.csv"));
        assertEquals(LossLog.HEADER, csv.get(0));
        assertEquals(11, csv.size());
        String[] row = csv.get(10).split(",", -1);
        assertEquals("10", row[0]);
        assertEquals(last.gRec(), Double.parseDouble(row[2]), 1e-5 * last.gRec());

        // keepLast 2: step 4 was pruned.
        Checkpoints cps = new Checkpoints(run.resolve("checkpoints"), 2);
        assertEquals(List.of(cps.fileFor(8), cps.fileFor(10)), cps.list());
        assertEquals(cps.fileFor(10), result.checkpoint());
        Checkpoint ck = Checkpoint.read(result.checkpoint());
        assertEquals("10", ck.trainingState().get("step"));
        assertEquals(java.util.Set.of("D", "G"), ck.optimizerNames());
        assertTrue(ck.modelState().contains("generator.0.weight"));
        assertTrue(ck.modelState().contains("discriminator.0.weight"));
        assertTrue(ck.trainingState().containsKey("rng.generator.3"), ck.trainingState().toString());
        try (var files = Files.list(run.resolve("checkpoints"))) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }

        BufferedImage plot = ImageIO.read(run.resolve("losses.png").toFile());
        assertEquals(LossPlot.WIDTH, plot.getWidth());
        assertEquals(3 * LossPlot.PANEL_HEIGHT, plot.getHeight(), "g_adv, g_rec and d_loss panels");
        BufferedImage grid = ImageIO.read(run.resolve("samples/step-000000010.png").toFile());
        assertEquals(3 * 64, grid.getWidth(), "gray | predicted | truth, 8 px tiles enlarged to 64");
        assertEquals(16 + 2 * 64, grid.getHeight());
        assertTrue(Files.exists(run.resolve("samples/step-000000005.png")));
        // The gray column is gray, the truth column is the photo's colour.
        int gray = grid.getRGB(10, 16 + 10), truth = grid.getRGB(128 + 10, 16 + 10);
        assertTrue(((gray >> 16) & 0xFF) == (gray & 0xFF) && ((gray >> 8) & 0xFF) == (gray & 0xFF));
        assertTrue(((truth >> 16) & 0xFF) != (truth & 0xFF), "truth has colour");

        Fixtures.registerModel();
        assertEquals(run.resolve("model.safetensors"), result.modelFile());
        Colorizer c = Colorizer.load(result.modelFile());
        assertEquals(Fixtures.ARCH, c.model().architecture());
        BufferedImage coloured = c.colorize(ImageIO.read(photos.resolve("p00.png").toFile()));
        assertEquals(ImageIO.read(photos.resolve("p00.png").toFile()).getWidth(), coloured.getWidth());
    }

    @Test
    void generatorOnlyTrainingLearnsTheColoursAndLogsNoDiscriminatorLoss(@TempDir Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 6);
        List<StepResult> steps = new ArrayList<>();
        try (Trainer t = Trainer.builder()
                .generator(Fixtures.generator(5))
                .generatorOptimizer(g -> Adam.builder(g.parameters()).lr(1e-2).build())
                .l1(1)
                .data(ImageFolder.of(photos).size(8).warnings(w -> { }))
                .batchSize(3).loaderThreads(0, 1).steps(40).seed(3)
                .runDir(dir.resolve("run")).checkpoints(0, 1).samples(0, 1).plotEvery(0)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepResult r) {
                        steps.add(r);
                    }
                })
                .build()) {
            assertNull(t.discriminator());
            assertNull(t.discriminatorOptimizer());
            TrainResult r = t.run();
            assertEquals(dir.resolve("run/generator.safetensors"), r.modelFile(), "no architecture: plain state dict");
            assertTrue(Files.exists(r.modelFile()));
        }
        double first = (steps.get(0).gRec() + steps.get(1).gRec()) / 2;
        double lastTwo = (steps.get(38).gRec() + steps.get(39).gRec()) / 2;
        assertTrue(lastTwo < 0.6 * first, "L1 falls from " + first + " to " + lastTwo);
        assertTrue(Double.isNaN(steps.get(5).dLoss()));
        assertEquals(0.0, steps.get(5).gAdv());
        String row = Files.readAllLines(dir.resolve("run/losses.csv")).get(1);
        assertTrue(row.split(",", -1)[3].isEmpty(), "empty d_loss column: " + row);
    }

    /** LSGAN whose generator loss turns NaN at its {@code badCall}-th use. */
    private static Objective nanAt(int badCall) {
        Objective lsgan = Objectives.lsgan();
        return new Objective() {
            int calls;

            @Override
            public String name() {
                return "lsgan";
            }

            @Override
            public Tensor discriminatorLoss(Module d, Tensor real, Tensor fake) {
                return lsgan.discriminatorLoss(d, real, fake);
            }

            @Override
            public Tensor generatorLoss(Module d, Tensor fake) {
                Tensor loss = lsgan.generatorLoss(d, fake);
                return ++calls == badCall ? loss.mul(Float.NaN) : loss;
            }

            @Override
            public Optimizer defaultDiscriminatorOptimizer(Module d) {
                return lsgan.defaultDiscriminatorOptimizer(d);
            }
        };
    }

    @Test
    void aNanLossStopsWithAReportAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 5);
        Path run = dir.resolve("run");
        float[] weightsBefore;
        try (Trainer t = Fixtures.config(photos, run, "lsgan", 3).objective(nanAt(6)).build()) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, t::run);
            assertEquals("g_adv", e.quantity());
            assertEquals(6, e.step());
            assertTrue(Double.isNaN(e.value()));
            Checkpoints cps = new Checkpoints(run.resolve("checkpoints"), 2);
            assertEquals(cps.fileFor(4), e.lastGoodCheckpoint());
            assertTrue(e.getMessage().contains("step 6") && e.getMessage().contains("g_adv")
                    && e.getMessage().contains("step-000000004"), e.getMessage());
            assertEquals(List.of(cps.fileFor(4)), cps.list(), "no checkpoint after the divergence");
            assertEquals(5, t.step(), "the bad step was not applied");
            weightsBefore = t.generator().stateDict().get("0.weight").toArray();
            for (float v : weightsBefore) {
                assertTrue(Float.isFinite(v));
            }
        }
        assertTrue(Files.readString(run.resolve("diverged.txt")).contains("g_adv is NaN"));
        // The last good checkpoint resumes (with a healthy objective).
        try (Trainer t = Fixtures.config(photos, run, "lsgan", 3).resume(true).build()) {
            assertEquals(4, t.step());
            t.run();
            assertEquals(10, t.step());
        }
    }

    /**
     * Gradients are dropped as soon as their optimizer has used them, so G's (as large as G itself)
     * do not stay alive through the next forward and D step.
     */
    @Test
    void noGradientOutlivesItsOptimizerStep(@TempDir Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 3);
        try (Trainer t = Fixtures.config(photos, dir.resolve("run"), "lsgan", 1).steps(2).build()) {
            float[] before = t.generator().parameters().get(0).toArray();
            t.run();
            assertFalse(java.util.Arrays.equals(before, t.generator().parameters().get(0).toArray()), "G was not trained");
            for (var p : t.generator().parameters()) {
                assertNull(p.grad(), "a generator gradient after the step");
            }
            for (var p : t.discriminator().parameters()) {
                assertNull(p.grad(), "a discriminator gradient after the step");
            }
        }
    }

    @Test
    void configurationErrorsAreClear(@TempDir Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 3);
        IllegalStateException noD = assertThrows(IllegalStateException.class, () -> Trainer.builder()
                .generator(Fixtures.generator(1)).objective(Objectives.gan())
                .data(ImageFolder.of(photos).size(8)).steps(1).runDir(dir.resolve("r")).build());
        assertTrue(noD.getMessage().contains("needs a discriminator"), noD.getMessage());
        assertThrows(IllegalStateException.class, () -> Trainer.builder().generator(Fixtures.generator(1)).build());
        assertThrows(IllegalStateException.class, () -> Trainer.builder().generator(Fixtures.generator(1))
                .l1(0).data(ImageFolder.of(photos).size(8)).steps(1).runDir(dir.resolve("r")).build());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                .generator(Fixtures.generator(1)).data(ImageFolder.of(photos).size(8)).batchSize(4).steps(1)
                .runDir(dir.resolve("r")).build());
        assertTrue(small.getMessage().contains("fewer than one batch"), small.getMessage());

        Path run = dir.resolve("existing");
        try (Trainer t = Fixtures.config(photos, run, "none", 1).steps(2).build()) {
            t.run();
        }
        IllegalStateException exists = assertThrows(IllegalStateException.class,
                () -> Fixtures.config(photos, run, "none", 1).build());
        assertTrue(exists.getMessage().contains("already has checkpoints"), exists.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Fixtures.config(photos, run, "none", 1).seed(43).resume(true).build());
        assertTrue(other.getMessage().contains("seed"), other.getMessage());
        IllegalArgumentException otherObjective = assertThrows(IllegalArgumentException.class,
                () -> Fixtures.config(photos, run, "lsgan", 1).resume(true).build());
        assertTrue(otherObjective.getMessage().contains("objective"), otherObjective.getMessage());
        // Resuming a finished run with more steps continues it.
        try (Trainer t = Fixtures.config(photos, run, "none", 1).steps(3).resume(true).build()) {
            assertEquals(2, t.step());
            assertNotNull(t.run().checkpoint());
            assertEquals(3, t.step());
        }
        assertArrayEquals(new long[] {2, 3}, new Checkpoints(run.resolve("checkpoints"), 2).list().stream()
                .mapToLong(Checkpoints::stepOf).toArray());
    }
}
