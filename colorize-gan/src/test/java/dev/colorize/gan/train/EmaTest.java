package dev.colorize.gan.train;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's weight average: the exported model is the EMA of the weights after each step, and resume keeps it exact. */
class EmaTest {
    private static final double DECAY = 0.8;

    @Test
    void theModelFileHoldsTheMovingAverageOfTheWeights(@TempDir Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 5);
        List<Map<String, float[]>> history = new ArrayList<>();
        Trainer[] holder = new Trainer[1];
        TrainResult r;
        try (Trainer t = Fixtures.config(photos, dir.resolve("run"), "none", 3).ema(DECAY)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepResult s) {
                        Map<String, float[]> w = new LinkedHashMap<>();
                        holder[0].generator().stateDict().tensors().forEach((k, p) -> w.put(k, p.toArray()));
                        history.add(w);
                    }
                }).build()) {
            holder[0] = t;
            Map<String, float[]> initial = new LinkedHashMap<>();
            t.generator().stateDict().tensors().forEach((k, p) -> {
                if (!k.endsWith("num_batches_tracked")) {
                    initial.put(k, p.toArray());
                }
            });
            r = t.run();
            Map<String, Tensor> saved = ModelFile.read(r.modelFile()).weights();
            double maxFromLive = 0;
            for (String key : initial.keySet()) {
                double[] avg = toDouble(initial.get(key));
                for (int step = 1; step <= history.size(); step++) {
                    double d = Math.min(DECAY, (1.0 + step) / (10.0 + step));
                    float[] w = history.get(step - 1).get(key);
                    for (int i = 0; i < avg.length; i++) {
                        avg[i] = d * avg[i] + (1 - d) * w[i];
                    }
                }
                float[] got = saved.get(key).toArray();
                float[] live = t.generator().stateDict().get(key).toArray();
                for (int i = 0; i < avg.length; i++) {
                    assertEquals(avg[i], got[i], 1e-5 * (1 + Math.abs(avg[i])), key + "[" + i + "]");
                    maxFromLive = Math.max(maxFromLive, Math.abs(got[i] - live[i]));
                }
            }
            assertTrue(maxFromLive > 1e-5, "the average is not the last weights: " + maxFromLive);
            assertTrue(!java.util.Arrays.equals(t.generator().stateDict().get("1.running_mean").toArray(),
                    saved.get("1.running_mean").toArray()), "BatchNorm statistics are averaged too");
            assertArrayEquals(t.generator().stateDict().get("1.num_batches_tracked").toArray(),
                    saved.get("1.num_batches_tracked").toArray(), "counters are copied");
        }
        assertEquals(10, history.size());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().ema(1.0));
    }

    @Test
    void resumeContinuesTheAverageExactly(@TempDir Path dir) throws Exception {
        Path photos = Fixtures.photos(dir.resolve("photos"), 7);
        Map<String, Tensor> straight;
        try (Trainer t = Fixtures.config(photos, dir.resolve("straight"), "lsgan", 7).ema(DECAY).build()) {
            straight = ModelFile.read(t.run().modelFile()).weights();
        }
        Path run = dir.resolve("resumed");
        try (Trainer t = Fixtures.config(photos, run, "lsgan", 7).ema(DECAY).build()) {
            t.runUntil(6);   // checkpoint at 4, then abandoned
        }
        try (Trainer t = Fixtures.config(photos, run, "lsgan", 7).ema(DECAY).resume(true).build()) {
            assertEquals(4, t.step());
            Map<String, Tensor> resumed = ModelFile.read(t.run().modelFile()).weights();
            for (String k : straight.keySet()) {
                assertArrayEquals(straight.get(k).toArray(), resumed.get(k).toArray(), 0f, k);
            }
        }
        RuntimeException noEma = assertThrows(RuntimeException.class,
                () -> Fixtures.config(photos, run, "lsgan", 7).resume(true).build());
        assertTrue(noEma.getMessage().contains("generator_ema"), noEma.getMessage());
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
