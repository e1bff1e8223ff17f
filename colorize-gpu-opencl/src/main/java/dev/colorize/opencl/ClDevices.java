package dev.colorize.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds OpenCL devices, once. Without an ICD loader JOCL's first call fails with
 * {@link UnsatisfiedLinkError} and every later one with {@link NoClassDefFoundError}; without an
 * installed driver it throws {@link CLException} (CL_PLATFORM_NOT_FOUND_KHR). Both end up as a
 * {@link Probe} with an empty list and a reason, remembered for the life of the JVM.
 */
final class ClDevices {
    /** The outcome of looking for OpenCL: the devices found, or why there are none. */
    record Probe(List<ClDevice> devices, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private static volatile Probe probe;

    private ClDevices() {
    }

    static Probe probe() {
        Probe p = probe;
        if (p == null) {
            synchronized (ClDevices.class) {
                if (probe == null) {
                    probe = discover();
                }
                p = probe;
            }
        }
        return p;
    }

    private static Probe discover() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            CL.clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                return new Probe(List.of(), "no OpenCL platform installed");
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<ClDevice> found = new ArrayList<>();
            for (cl_platform_id platform : platforms) {
                addDevices(platform, found);
            }
            return found.isEmpty() ? new Probe(List.of(), "OpenCL platforms have no devices") : new Probe(List.copyOf(found), null);
        } catch (CLException e) {
            String why = e.getStatus() == CL.CL_PLATFORM_NOT_FOUND_KHR
                    ? "no OpenCL driver (ICD) installed" : "OpenCL probe failed: " + e.getMessage();
            return new Probe(List.of(), why);
        } catch (LinkageError e) {
            return new Probe(List.of(), "OpenCL library not loadable (" + e + ")");
        }
    }

    private static void addDevices(cl_platform_id platform, List<ClDevice> found) {
        int[] count = new int[1];
        try {
            CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, count);
        } catch (CLException e) {
            return; // CL_DEVICE_NOT_FOUND: a platform without devices
        }
        cl_device_id[] ids = new cl_device_id[count[0]];
        CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null);
        String platformName = platformString(platform, CL.CL_PLATFORM_NAME);
        for (cl_device_id id : ids) {
            long type = deviceLong(id, CL.CL_DEVICE_TYPE);
            found.add(new ClDevice(found.size(), deviceString(id, CL.CL_DEVICE_NAME), typeName(type), platformName,
                    deviceString(id, CL.CL_DEVICE_VERSION), deviceLong(id, CL.CL_DEVICE_GLOBAL_MEM_SIZE),
                    deviceLong(id, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE), deviceInt(id, CL.CL_DEVICE_MAX_COMPUTE_UNITS),
                    deviceSize(id, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE), platform, id));
        }
    }

    /**
     * The device picked by {@code spec}: an index, a type ({@code gpu}, {@code cpu},
     * {@code accelerator}), a case-insensitive part of the device name, or empty / {@code any} for
     * the first GPU, else the first device.
     */
    static ClDevice select(List<ClDevice> devices, String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("any")) {
            return devices.stream().filter(ClDevice::isGpu).findFirst()
                    .orElse(devices.isEmpty() ? null : devices.get(0));
        }
        if (s.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(s);
            return index < devices.size() ? devices.get(index) : null;
        }
        for (ClDevice d : devices) {
            if (d.type().equals(s)) {
                return d;
            }
        }
        for (ClDevice d : devices) {
            if (d.name().toLowerCase(Locale.ROOT).contains(s)) {
                return d;
            }
        }
        return null;
    }

    private static String typeName(long type) {
        if ((type & CL.CL_DEVICE_TYPE_GPU) != 0) {
            return "gpu";
        }
        if ((type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return "accelerator";
        }
        if ((type & CL.CL_DEVICE_TYPE_CPU) != 0) {
            return "cpu";
        }
        return "other";
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8).trim();
    }
}
