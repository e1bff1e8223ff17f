package dev.colorize.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.util.Locale;

/**
 * One OpenCL device as discovered on this machine; {@link #index()} is its position in
 * {@link OpenClBackend#devices()} and the value {@code -Dcolorize.opencl.device=INDEX} selects.
 */
public record ClDevice(int index, String name, String type, String platform, String version,
                       long globalMemBytes, long maxAllocBytes, int computeUnits, long maxWorkGroupSize,
                       cl_platform_id platformId, cl_device_id deviceId) {

    /** True for a GPU (or accelerator): the kind of device worth preferring over the CPU kernels. */
    public boolean isGpu() {
        return type.equals("gpu") || type.equals("accelerator");
    }

    /** One line for logs and listings, e.g. {@code #0 gpu "NVIDIA H100" (NVIDIA CUDA, OpenCL 3.0, 80 GiB)}. */
    public String describe() {
        return String.format(Locale.ROOT, "#%d %s \"%s\" (%s, %s, %d compute units, %.1f GiB)",
                index, type, name, platform, version, computeUnits, globalMemBytes / (double) (1L << 30));
    }

    @Override
    public String toString() {
        return describe();
    }
}
