package dev.colorize.opencl;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Host-side logic that needs no device: dimension coalescing and device selection rules. */
class LayoutTest {

    @Test
    void contiguousOperandsCollapseToOneDimension() {
        ClLayout l = ClLayout.coalesce("t", new int[] {2, 3, 4}, new int[][] {{12, 4, 1}, {12, 4, 1}});
        assertEquals(1, l.rank);
        assertEquals(24, l.shape[0]);
        assertEquals(1, l.strides[0][0]);
        assertEquals(24, l.numel);
    }

    @Test
    void broadcastAndTransposedDimensionsStaySeparate() {
        // a bias broadcast over [N, C, H, W] with strides (0, 1, 0, 0): H and W merge, C and N stay
        ClLayout l = ClLayout.coalesce("t", new int[] {2, 3, 4, 5}, new int[][] {{60, 20, 5, 1}, {0, 1, 0, 0}});
        assertEquals(3, l.rank);
        assertArrayEquals(new int[] {2, 3, 20}, Arrays.copyOf(l.shape, 3));
        assertArrayEquals(new int[] {0, 1, 0}, Arrays.copyOf(l.strides[1], 3));
    }

    @Test
    void sizeOneDimensionsDropAndScalarsBecomeRankOne() {
        ClLayout l = ClLayout.coalesce("t", new int[] {1, 1}, new int[][] {{5, 7}});
        assertEquals(1, l.rank);
        assertEquals(1, l.shape[0]);
        ClLayout s = ClLayout.coalesce("t", new int[0], new int[][] {{}});
        assertEquals(1, s.rank);
        assertEquals(1, s.numel);
    }

    @Test
    void tooManyUnmergeableDimensionsAreRejectedWithTheShape() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] strides = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536}; // reversed order: nothing merges
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> ClLayout.coalesce("copy", shape, new int[][] {strides}));
        assertEquals(true, e.getMessage().contains("copy"));
    }

    private static ClDevice fake(int index, String name, String type) {
        return new ClDevice(index, name, type, "p", "OpenCL 3.0", 1L << 30, 1L << 28, 4, 256, null, null);
    }

    @Test
    void deviceSelectionPrefersAGpuThenFollowsIndexTypeOrName() {
        List<ClDevice> devs = List.of(fake(0, "pthread-cpu", "cpu"), fake(1, "NVIDIA H100", "gpu"));
        assertSame(devs.get(1), ClDevices.select(devs, ""));
        assertSame(devs.get(1), ClDevices.select(devs, "any"));
        assertSame(devs.get(0), ClDevices.select(devs, "0"));
        assertSame(devs.get(0), ClDevices.select(devs, "CPU"));
        assertSame(devs.get(1), ClDevices.select(devs, "h100"));
        assertNull(ClDevices.select(devs, "7"));
        assertNull(ClDevices.select(devs, "accelerator"));
        assertSame(devs.get(0), ClDevices.select(List.of(devs.get(0)), ""));
    }
}
