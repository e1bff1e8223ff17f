package dev.colorize.nn.data;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {

    /** Sample i is [i, noise] where noise comes from the loader's per-sample generator. */
    static class Numbers implements Dataset<Tensor> {
        private final int n;

        Numbers(int n) {
            this.n = n;
        }

        public int size() {
            return n;
        }

        public Tensor get(int index) {
            return Tensor.of(new float[] {index, 0}, 2);
        }

        @Override
        public Tensor get(int index, Rng rng) {
            return Tensor.of(new float[] {index, rng.nextFloat()}, 2);
        }
    }

    private static DataLoader<Tensor, Tensor> loader(int n, int batch, boolean dropLast, int workers) {
        return DataLoader.builder(new Numbers(n), Collate.stack()).batchSize(batch).shuffle(true).seed(7)
                .dropLast(dropLast).workers(workers).prefetch(3).build();
    }

    private static List<float[]> epoch(DataLoader<Tensor, Tensor> l) {
        List<float[]> out = new ArrayList<>();
        for (Tensor b : l) {
            out.add(b.toArray());
        }
        return out;
    }

    @Test
    void everySampleOncePerEpochInShuffledBatches() {
        try (DataLoader<Tensor, Tensor> l = loader(10, 3, false, 0)) {
            assertEquals(4, l.batchesPerEpoch());
            List<float[]> e0 = epoch(l);
            assertEquals(4, e0.size());
            assertEquals(2, e0.get(3).length, "partial last batch of one sample");
            Set<Float> seen = new HashSet<>();
            for (float[] b : e0) {
                for (int i = 0; i < b.length; i += 2) {
                    seen.add(b[i]);
                }
            }
            assertEquals(10, seen.size());
            List<float[]> e1 = epoch(l);
            assertEquals(1, l.state().epoch());
            assertFalse(Arrays.equals(e0.get(0), e1.get(0)), "epochs are shuffled differently");
        }
        try (DataLoader<Tensor, Tensor> l = loader(10, 3, true, 0)) {
            assertEquals(3, l.batchesPerEpoch());
            assertEquals(3, epoch(l).size());
        }
    }

    @Test
    void workersGiveTheSameBatchesAsTheCallerThread() {
        try (DataLoader<Tensor, Tensor> a = loader(23, 4, false, 0); DataLoader<Tensor, Tensor> b = loader(23, 4, false, 3)) {
            for (int e = 0; e < 2; e++) {
                List<float[]> ea = epoch(a);
                List<float[]> eb = epoch(b);
                assertEquals(ea.size(), eb.size());
                for (int i = 0; i < ea.size(); i++) {
                    assertArrayEquals(ea.get(i), eb.get(i), "epoch " + e + " batch " + i);
                }
            }
        }
    }

    @Test
    void resumeMidEpochReproducesTheRest() {
        List<float[]> reference = new ArrayList<>();
        try (DataLoader<Tensor, Tensor> a = loader(11, 2, false, 2)) {
            reference.addAll(epoch(a));
            reference.addAll(epoch(a));
        }
        LoaderState saved;
        List<float[]> resumed = new ArrayList<>();
        try (DataLoader<Tensor, Tensor> a = loader(11, 2, false, 2)) {
            resumed.addAll(epoch(a));
            Iterator<Tensor> it = a.iterator();
            resumed.add(it.next().toArray());
            resumed.add(it.next().toArray());
            saved = a.state();
            assertEquals(new LoaderState(7, 1, 2), saved);
        }
        LoaderState fromMeta = LoaderState.fromMetadata(saved.toMetadata("data."), "data.");
        try (DataLoader<Tensor, Tensor> b = loader(11, 2, false, 1)) {
            b.restore(fromMeta);
            resumed.addAll(epoch(b));
        }
        assertEquals(reference.size(), resumed.size());
        for (int i = 0; i < reference.size(); i++) {
            assertArrayEquals(reference.get(i), resumed.get(i), "batch " + i);
        }
        try (DataLoader<Tensor, Tensor> c = DataLoader.builder(new Numbers(11), Collate.stack()).seed(8).build()) {
            assertThrows(IllegalArgumentException.class, () -> c.restore(fromMeta));
        }
    }

    @Test
    void unshuffledTupleBatchesAndErrors() {
        Tensor x = Tensor.arange(12).reshape(6, 2);
        Tensor y = Tensor.arange(6);
        try (DataLoader<Tensor[], Tensor[]> l = DataLoader.builder(new TensorDataset(x, y)).batchSize(4).build()) {
            Iterator<Tensor[]> it = l.iterator();
            Tensor[] b = it.next();
            assertArrayEquals(new int[] {4, 2}, b[0].shape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, b[0].toArray());
            assertArrayEquals(new float[] {0, 1, 2, 3}, b[1].toArray());
            assertArrayEquals(new float[] {4, 5}, it.next()[1].toArray());
            assertFalse(it.hasNext());
        }
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(x, Tensor.arange(5)));
        Dataset<Tensor> failing = new Numbers(4) {
            @Override
            public Tensor get(int index, Rng rng) {
                throw new IllegalStateException("broken sample " + index);
            }
        };
        try (DataLoader<Tensor, Tensor> l = DataLoader.builder(failing, Collate.stack()).workers(1).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.iterator().next());
            assertTrue(e.getMessage().contains("batch 0"), e.getMessage());
        }
        assertNotEquals(new LoaderState(1, 0, 0), new LoaderState(1, 0, 1));
    }
}
