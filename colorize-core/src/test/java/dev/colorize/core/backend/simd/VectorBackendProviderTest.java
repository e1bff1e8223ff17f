package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.BackendProvider;
import dev.colorize.core.backend.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorBackendProviderTest {

    @Test
    void serviceLoaderFindsTheVectorKernelsAndPrefersThem() {
        BackendProvider found = Backends.providers().stream()
                .filter(p -> p.name().equals(VectorBackend.NAME)).findFirst().orElseThrow();
        assertTrue(found.isAvailable(), found.unavailableReason());
        assertEquals(10, found.priority());
        assertEquals(VectorBackend.NAME, Backends.byName(VectorBackend.NAME).name());
        if (System.getProperty("colorize.cpu.kernels", "").isEmpty()) {
            assertEquals(VectorBackend.NAME, Backends.cpu().name());
        }
    }

    @Test
    void threadCountIsSettableAndValidated() {
        Parity.withThreads(3, () -> assertEquals(3, Parallel.threads()));
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }

    @Test
    void forEachRunsEveryTaskExactlyOnceOnSeveralThreads() {
        int[] hits = new int[37];
        Parity.withThreads(4, () -> Parallel.forEach(hits.length, i -> hits[i]++));
        for (int h : hits) {
            assertEquals(1, h);
        }
    }
}
