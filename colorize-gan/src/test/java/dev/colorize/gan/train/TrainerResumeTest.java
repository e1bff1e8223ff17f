package dev.colorize.gan.train;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.nn.StateDict;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resumed run is bit-identical to an uninterrupted one: weights, buffers, optimizer state, logged
 * losses. Bit-exactness needs kernels that give the same bits whatever the JIT has compiled (no
 * SVML lanes, no reassociated float reductions; see core's VectorMath). Each test runs on the scalar
 * reference kernels and on the default (Vector API) kernels, with the tanh generator on both.
 */
class TrainerResumeTest {

    /** Runs {@code body} on the scalar kernels ("scalar") or the default ones ("vector"). */
    private static void onKernels(String kernels, ThrowingRunnable body) throws Exception {
        Backend cpu = Backends.cpu(), current = Backends.current();
        if (kernels.equals("scalar")) {
            Backends.setCpu(Backends.scalar());
            Backends.setCurrent(Backends.scalar());
        }
        try {
            body.run();
        } finally {
            Backends.setCpu(cpu);
            Backends.setCurrent(current);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Everything that must match: G and D state, both optimizers' state. */
    private static List<StateDict> snapshot(Trainer t) {
        List<StateDict> s = new ArrayList<>();
        s.add(t.generator().stateDict().copy());
        s.add(t.generatorOptimizer().stateDict());
        if (t.discriminator() != null) {
            s.add(t.discriminator().stateDict().copy());
            s.add(t.discriminatorOptimizer().stateDict());
        }
        return s;
    }

    private static void assertBitEqual(List<StateDict> expected, List<StateDict> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).bitEquals(actual.get(i)), "state " + i + " differs: " + expected.get(i));
        }
    }

    /** The CSV rows without the img/s column (timing). */
    private static List<String> losses(Path run) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("losses.csv"))) {
            rows.add(line.substring(0, line.lastIndexOf(',')));
        }
        return rows;
    }

    private static List<StateDict> straight(Path photos, Path run, String objective) throws Exception {
        try (Trainer t = Fixtures.config(photos, run, objective, 7).build()) {
            t.run();
            assertEquals(10, t.step());
            return snapshot(t);
        }
    }

    @ParameterizedTest
    @CsvSource({"lsgan, scalar", "wgan-gp, scalar", "none, scalar", "gan, scalar", "lsgan, vector", "wgan-gp, vector"})
    void abandonedAndResumedEqualsStraight(String objective, String kernels, @TempDir Path dir) throws Exception {
        onKernels(kernels, () -> abandonAndResume(objective, dir));
    }

    private static void abandonAndResume(String objective, Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 7); // 3 batches of 2 per epoch: crosses epochs
        List<StateDict> expected = straight(photos, dir.resolve("straight"), objective);

        Path run = dir.resolve("crashed");
        Trainer crashed = Fixtures.config(photos, run, objective, 7).build();
        crashed.runUntil(6);                     // checkpoint at 4, two more steps, then "crash": no final save
        assertEquals(6, crashed.step());
        crashed.close();

        // Fresh networks with other initial weights: everything must come from the checkpoint.
        try (Trainer resumed = Fixtures.config(photos, run, objective, 1234).resume(true).build()) {
            assertEquals(4, resumed.step());
            resumed.run();
            assertBitEqual(expected, snapshot(resumed));
        }
        assertEquals(losses(dir.resolve("straight")), losses(run), "CSV rows 5 and 6 are replaced, not duplicated");
        assertEquals(11, losses(run).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void killMinus9AndResumeEqualsStraight(String kernels, @TempDir Path dir) throws Exception {
        onKernels(kernels, () -> killAndResume(kernels, dir));
    }

    private static void killAndResume(String kernels, Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 7);
        List<StateDict> expected = straight(photos, dir.resolve("straight"), "lsgan");

        Path run = dir.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m"));
        if (System.getProperty("colorize.cpu.kernels") != null) {
            command.add("-Dcolorize.cpu.kernels=" + System.getProperty("colorize.cpu.kernels")); // as this JVM
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainerChild.class.getName(),
                photos.toString(), run.toString(), "lsgan", kernels));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                if (line.equals("checkpoint 4")) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no final save
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child exits");
        }
        assertTrue(output.contains("checkpoint 4"), "child reached the first checkpoint: " + output);
        assertFalse(output.contains("finished"), "killed before the end: " + output);
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (Trainer resumed = Fixtures.config(photos, run, "lsgan", 1234).resume(true).build()) {
            long from = resumed.step();
            assertTrue(from >= 4 && from < 10, "resumed from step " + from);
            assertNotNull(resumed.lastCheckpoint());
            resumed.run();
            assertBitEqual(expected, snapshot(resumed));
        }
        assertEquals(losses(dir.resolve("straight")), losses(run));
    }
}
