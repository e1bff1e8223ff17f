package dev.colorize.nn;

import dev.colorize.core.io.DType;
import dev.colorize.core.io.SafeTensors;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.data.LoaderState;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    private static void trainStep(ModuleTest.Net net, Adam opt, long seed) {
        Tensor x = Tensor.randn(new Rng(seed), 2, 2, 4, 4);
        Tensor loss = net.forward(x).square().mean();
        opt.zeroGrad();
        loss.backward();
        opt.step();
    }

    @Test
    void modelOptimizerAndTrainingStateRoundTrip(@TempDir Path dir) throws Exception {
        ModuleTest.Net net = new ModuleTest.Net(1);
        Adam opt = Adam.builder(net.parameters()).lr(2e-4).betas(0.5, 0.999).build();
        trainStep(net, opt, 10);
        trainStep(net, opt, 11);
        Path file = dir.resolve("ck.safetensors");
        Instant before = Instant.now().minusSeconds(1);
        Checkpoint.builder(net).architecture("test_net").config("{\"width\": 3}").optimizer("G", opt)
                .trainingState("epoch", "2").trainingState(new LoaderState(7, 2, 1).toMetadata("data.")).save(file);

        // the file is plain safetensors with PyTorch keys; num_batches_tracked is I64
        var raw = SafeTensors.read(file);
        assertEquals(DType.I64, raw.entry("model.2.model.1.num_batches_tracked").dtype());
        assertEquals(2L, raw.entry("model.2.model.1.num_batches_tracked").longs()[0]);
        assertEquals(DType.I64, raw.entry("optim/G/state.0.step").dtype());

        Checkpoint ck = Checkpoint.read(file);
        assertEquals(Checkpoint.FORMAT, ck.format());
        assertEquals("test_net", ck.architecture());
        assertEquals("{\"width\": 3}", ck.config());
        assertEquals(Checkpoint.libraryVersion(), ck.savedLibraryVersion());
        assertFalse(ck.created().isBefore(before));
        assertEquals(Set.of("G"), ck.optimizerNames());
        assertEquals("2", ck.trainingState().get("epoch"));
        assertEquals(new LoaderState(7, 2, 1), LoaderState.fromMetadata(ck.trainingState(), "data."));

        ModuleTest.Net restored = new ModuleTest.Net(2);
        Adam restoredOpt = Adam.builder(restored.parameters()).lr(1).build();
        assertTrue(ck.loadModel(restored, true).isClean());
        ck.loadOptimizer("G", restoredOpt);
        assertTrue(net.stateDict().bitEquals(restored.stateDict()));
        trainStep(net, opt, 12);
        trainStep(restored, restoredOpt, 12);
        assertTrue(net.stateDict().bitEquals(restored.stateDict()), "training continues identically after a resume");
        assertThrows(IllegalArgumentException.class, () -> ck.loadOptimizer("D", restoredOpt));
        assertThrows(IllegalArgumentException.class,
                () -> ck.loadOptimizer("G", SGD.builder(restored.parameters()).build()));
    }

    @Test
    void aFailedSaveLeavesTheOldFileIntact(@TempDir Path dir) throws Exception {
        ModuleTest.Net net = new ModuleTest.Net(1);
        Path file = dir.resolve("ck.safetensors");
        Checkpoint.builder(net).architecture("good").save(file);
        byte[] good = Files.readAllBytes(file);
        // corrupt an integer buffer: serialising it as I64 must fail before anything replaces the file
        net.stateDict().get("model.2.model.1.num_batches_tracked").copyFrom(Tensor.scalar(0.5f).reshape());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.builder(net).architecture("bad").save(file));
        assertArrayEquals(good, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void stateDictFilesKeepKeysFlagsAndMetadata(@TempDir Path dir) throws Exception {
        StateDict sd = new ModuleTest.Net(3).stateDict().copy();
        sd.metadata().put("note", "hello");
        Path file = dir.resolve("sd.safetensors");
        StateDictIO.write(file, sd);
        StateDict back = StateDictIO.read(file);
        assertTrue(sd.bitEquals(back));
    }
}
