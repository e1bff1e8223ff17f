package dev.colorize.gan.train;

import dev.colorize.nn.StateDict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
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

/** A resumed run is bit-identical to an uninterrupted one: weights, buffers, optimizer state, logged losses. */
class TrainerResumeTest {

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
    @ValueSource(strings = {"lsgan", "wgan-gp", "none"})
    void abandonedAndResumedEqualsStraight(String objective, @TempDir Path dir) throws Exception {
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

    @Test
    void killMinus9AndResumeEqualsStraight(@TempDir Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 7);
        List<StateDict> expected = straight(photos, dir.resolve("straight"), "lsgan");

        Path run = dir.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), TrainerChild.class.getName(),
                photos.toString(), run.toString(), "lsgan")
                .redirectErrorStream(true).start();
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
