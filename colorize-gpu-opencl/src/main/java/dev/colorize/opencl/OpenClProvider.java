package dev.colorize.opencl;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.BackendProvider;

/**
 * ServiceLoader entry: puts the OpenCL backend on the list of {@code Backends} as {@code opencl}.
 * It outranks the CPU kernels only when the selected device is a real GPU (or accelerator); a CPU
 * OpenCL device such as PoCL is used only when asked for by name ({@code -Dcolorize.backend=opencl}).
 */
public final class OpenClProvider implements BackendProvider {
    /** Above any CPU kernel set. */
    static final int GPU_PRIORITY = 100;
    /** Below every CPU kernel set: never chosen automatically. */
    static final int CPU_DEVICE_PRIORITY = -100;

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int priority() {
        ClDevices.Probe probe = ClDevices.probe();
        if (!probe.ok()) {
            return CPU_DEVICE_PRIORITY;
        }
        ClDevice d = ClDevices.select(probe.devices(), System.getProperty(OpenClBackend.DEVICE_PROPERTY, ""));
        return d != null && d.isGpu() ? GPU_PRIORITY : CPU_DEVICE_PRIORITY;
    }

    /** True when OpenCL loads and a device matches {@code -Dcolorize.opencl.device}; the kernels build in {@link #create()}. */
    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        ClDevices.Probe probe = ClDevices.probe();
        if (!probe.ok()) {
            return probe.failure();
        }
        String spec = System.getProperty(OpenClBackend.DEVICE_PROPERTY, "");
        if (ClDevices.select(probe.devices(), spec) == null) {
            return "no OpenCL device matches -D" + OpenClBackend.DEVICE_PROPERTY + "=" + spec + "; devices: " + probe.devices();
        }
        return "";
    }

    @Override
    public Backend create() {
        return OpenClBackend.builder().build();
    }
}
