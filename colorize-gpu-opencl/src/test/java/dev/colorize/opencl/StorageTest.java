package dev.colorize.opencl;

import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lazy and explicit transfers, zero-filled allocation, pooling, bounds and out-of-memory errors. */
class StorageTest {
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = ClTestSupport.backend();
    }

    @Test
    void hostDataStaysOnTheHostUntilAKernelUsesIt() {
        ClStorage s = (ClStorage) cl.fromHost(new float[] {1, 2, 3, 4});
        long reads = cl.cl().reads.get();
        assertTrue(s.isHostOnly());
        assertArrayEquals(new float[] {2, 3}, s.read(1, 2));
        s.write(0, new float[] {9});
        assertTrue(s.isHostOnly());
        assertEquals(reads, cl.cl().reads.get(), "a host-only storage must not read from the device");

        Tensor t = new Tensor(s, 0, new int[] {4}, new int[] {1});
        Tensor doubled = t.mul(2f);
        assertFalse(s.isHostOnly(), "the kernel uploads its input");
        assertArrayEquals(new float[] {18, 4, 6, 8}, doubled.toArray());
        s.write(3, new float[] {-1});
        assertArrayEquals(new float[] {9, 2, 3, -1}, s.read(0, 4));
    }

    @Test
    void explicitTransfersCopyBothWays() {
        Tensor host = ClTestSupport.host(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor dev = cl.toDevice(host.transpose(0, 1));
        assertSame(cl, dev.backend());
        assertFalse(((ClStorage) dev.storage()).isHostOnly());
        assertArrayEquals(new int[] {3, 2}, dev.shape());
        Tensor back = OpenClBackend.toHost(dev);
        assertFalse(back.backend() instanceof OpenClBackend);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, back.toArray());
    }

    @Test
    void allocationIsZeroFilledEvenFromRecycledBuffers() throws InterruptedException {
        int n = 3000; // a size class no other test uses
        dirtyBuffer(n);
        long idle = cl.idleBytes();
        for (int i = 0; i < 100 && cl.idleBytes() == idle; i++) {
            System.gc();
            Thread.sleep(20);
        }
        long idleWithRecycled = cl.idleBytes();
        ClStorage fresh = ClStorage.allocate(cl, n);
        assertTrue(cl.idleBytes() < idleWithRecycled, "the recycled buffer is reused");
        assertArrayEquals(new float[n], fresh.read(0, n));
    }

    private static void dirtyBuffer(int n) {
        ClStorage dirty = ClStorage.allocate(cl, n);
        cl.fill(new Tensor(dirty, 0, new int[] {n}, new int[] {1}), 7f);
        assertEquals(7f, dirty.read(n - 1, 1)[0]);
    }

    @Test
    void unreachableStoragesReturnTheirBuffersToThePool() throws InterruptedException {
        long before = cl.liveBytes();
        for (int i = 0; i < 20; i++) {
            ClStorage.allocate(cl, 4096);
        }
        assertTrue(cl.liveBytes() >= before + 20 * 4096 * 4L);
        for (int i = 0; i < 100 && cl.liveBytes() > before; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(cl.liveBytes() <= before, "live " + cl.liveBytes() + " vs " + before + " after collection");
        assertTrue(cl.idleBytes() > 0, "released buffers are kept for reuse");
    }

    @Test
    void sizeClassesWasteAtMostAQuarter() {
        for (int n : new int[] {1, 64, 65, 100, 1000, 4097, 1 << 20, (1 << 20) + 1, 123_456_789}) {
            int c = ClMemoryPool.sizeClass(n);
            assertTrue(c >= n && c <= Math.max(64, n + n / 4 + 1), n + " -> " + c);
        }
    }

    /**
     * A buffer over the largest single allocation is refused with a message naming the request, the
     * limit and the device: through the backend when the device's limit is below what an int count
     * of floats can ask for (8 GiB), and always through a pool with a 64 MiB limit.
     */
    @Test
    void outOfMemoryNamesTheRequestedSize() {
        long limit = cl.device().maxAllocBytes();
        if (limit / 4 + 1024 <= Integer.MAX_VALUE - 8) {
            int floats = (int) (limit / 4 + 1024);
            OpenClOutOfMemoryException e = assertThrows(OpenClOutOfMemoryException.class, () -> cl.allocate(floats));
            assertTrue(e.getMessage().contains(Integer.toString(floats)) && e.getMessage().contains("MiB")
                    && e.getMessage().contains(cl.device().name()), e.getMessage());
        }
        ClMemoryPool small = new ClMemoryPool(cl.cl(), 64L << 20);
        int floats = (16 << 20) + 1024;
        OpenClOutOfMemoryException e = assertThrows(OpenClOutOfMemoryException.class, () -> small.acquire(floats));
        assertTrue(e.getMessage().contains(Integer.toString(floats)) && e.getMessage().contains("64.0 MiB")
                && e.getMessage().contains(cl.device().name()), e.getMessage());
    }

    @Test
    void readsAndWritesOutsideTheStorageAreRejected() {
        ClStorage s = ClStorage.allocate(cl, 4);
        assertThrows(IndexOutOfBoundsException.class, () -> s.read(2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> s.write(3, new float[2]));
    }
}
