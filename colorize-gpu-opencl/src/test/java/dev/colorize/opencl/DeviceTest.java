package dev.colorize.opencl;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, device selection, provider ranking and the one-instance-per-device rule on the real device. */
class DeviceTest {

    @Test
    void listsTheDeviceUnderTest() {
        OpenClBackend cl = ClTestSupport.backend();
        List<ClDevice> devices = OpenClBackend.devices();
        System.out.println("OpenCL devices: " + devices + "; testing on " + cl);
        assertFalse(devices.isEmpty());
        assertTrue(devices.contains(cl.device()));
        assertEquals("opencl", cl.name());
    }

    @Test
    void mainListsEveryDevice() {
        ClTestSupport.backend();
        java.io.PrintStream previous = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true));
        try {
            OpenClBackend.main(new String[0]);
        } finally {
            System.setOut(previous);
        }
        String listing = buf.toString();
        for (ClDevice d : OpenClBackend.devices()) {
            assertTrue(listing.contains(d.name()) && listing.contains("#" + d.index()), listing);
        }
    }

    @Test
    void selectionByIndexTypeAndNameGivesTheSameInstance() {
        OpenClBackend cl = ClTestSupport.backend();
        ClDevice d = cl.device();
        assertSame(cl, OpenClBackend.builder().device(d.index()).build());
        assertSame(cl, OpenClBackend.builder().device(d.type()).build());
        assertSame(cl, OpenClBackend.builder().device(d.name().substring(0, Math.min(4, d.name().length()))).build());
    }

    @Test
    void unknownDeviceIsAnExplicitError() {
        ClTestSupport.backend();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OpenClBackend.builder().device("no-such-device-xyz").build());
        assertTrue(e.getMessage().contains("no-such-device-xyz"), e.getMessage());
    }

    @Test
    void providerIsFoundByServiceLoaderAndRanksCpuDevicesBelowTheCpuKernels() {
        OpenClBackend cl = ClTestSupport.backend();
        OpenClProvider provider = (OpenClProvider) Backends.providers().stream()
                .filter(p -> p.name().equals("opencl")).findFirst().orElseThrow();
        assertTrue(provider.isAvailable(), provider.unavailableReason());
        boolean anyGpu = OpenClBackend.devices().stream().anyMatch(ClDevice::isGpu);
        assertEquals(anyGpu ? OpenClProvider.GPU_PRIORITY : OpenClProvider.CPU_DEVICE_PRIORITY, provider.priority());
        if (!anyGpu) {
            // PoCL alone must never replace the CPU kernels unless asked for by name.
            assertFalse(Backends.current() instanceof OpenClBackend, "a CPU OpenCL device was chosen automatically");
        }
        Backend byName = Backends.byName("opencl");
        assertNotNull(byName);
        assertTrue(byName instanceof OpenClBackend);
        assertNotNull(cl.device());
    }

    @Test
    void mixedBackendsAreAnErrorNamingTheOp() {
        OpenClBackend cl = ClTestSupport.backend();
        Tensor onDevice = new Tensor(cl.fromHost(new float[] {1, 2}), 0, new int[] {2}, new int[] {1});
        Tensor onHost = ClTestSupport.host(new float[] {1, 2}, 2);
        Tensor out = new Tensor(cl.allocate(2), 0, new int[] {2}, new int[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cl.binary(dev.colorize.core.backend.BinaryOp.ADD, onDevice, onHost, out));
        assertTrue(e.getMessage().contains("opencl add") && e.getMessage().contains("cpu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> onDevice.add(onHost));
    }
}
