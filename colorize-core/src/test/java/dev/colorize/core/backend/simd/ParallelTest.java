package dev.colorize.core.backend.simd;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The kernel threads: every task runs once, nested calls work, failures reach the caller. */
class ParallelTest {
    @Test
    void everyTaskRunsExactlyOnceAcrossManyJobs() {
        Parity.withThreads(3, () -> {
            for (int job = 0; job < 200; job++) {
                int[] hits = new int[1 + job % 37];
                Parallel.forEach(hits.length, i -> hits[i]++);
                for (int i = 0; i < hits.length; i++) {
                    assertEquals(1, hits[i], "job " + job + " task " + i);
                }
            }
        });
    }

    @Test
    void nestedCallsRunInline() {
        Parity.withThreads(2, () -> {
            AtomicInteger count = new AtomicInteger();
            Parallel.forEach(4, i -> Parallel.forEach(5, j -> count.incrementAndGet()));
            assertEquals(20, count.get());
        });
    }

    @Test
    void aFailingTaskFailsTheCallAndThePoolStaysUsable() {
        Parity.withThreads(2, () -> {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Parallel.forEach(8, i -> {
                        if (i == 5) {
                            throw new IllegalStateException("task 5");
                        }
                    }));
            assertEquals("task 5", e.getMessage());
            int[] hits = new int[8];
            Parallel.forEach(hits.length, i -> hits[i]++);
            assertEquals(8, java.util.Arrays.stream(hits).sum());
        });
    }
}
