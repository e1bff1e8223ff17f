package dev.colorize.core.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Registry of backends found by {@link ServiceLoader}. Two choices are made here, once, and can be
 * changed at run time:
 * <ul>
 *   <li>{@link #cpu()}: the kernel set that runs on host storage. {@code -Dcolorize.cpu.kernels=scalar}
 *       forces the scalar reference; otherwise the highest-priority available CPU provider
 *       (the Vector API kernels when present).</li>
 *   <li>{@link #current()}: where new tensors are created. {@code -Dcolorize.backend=NAME} picks a
 *       provider by name (an exception if it is unavailable); otherwise a device provider that
 *       outranks the CPU kernels (a real GPU), falling back to the CPU kernels with one log line
 *       when such a module is present but cannot run.</li>
 * </ul>
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static final Backend SCALAR = new ScalarBackend();
    private static volatile List<BackendProvider> providers;
    private static volatile Backend cpu;
    private static volatile Backend current;

    private Backends() {
    }

    /** The scalar reference CPU kernels; always available. */
    public static Backend scalar() {
        return SCALAR;
    }

    /** The kernel set that operates on {@link CpuStorage}. */
    public static Backend cpu() {
        Backend b = cpu;
        if (b == null) {
            synchronized (Backends.class) {
                if (cpu == null) {
                    cpu = chooseCpu();
                }
                b = cpu;
            }
        }
        return b;
    }

    /** Replaces the CPU kernel set (for example {@link #scalar()} in parity tests). */
    public static void setCpu(Backend backend) {
        if (!(backend.allocate(0) instanceof CpuStorage)) {
            throw new IllegalArgumentException("backend " + backend.name() + " does not operate on host storage");
        }
        cpu = backend;
    }

    /** Where new tensors are created. */
    public static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                if (current == null) {
                    current = chooseCurrent();
                }
                b = current;
            }
        }
        return b;
    }

    public static void setCurrent(Backend backend) {
        current = backend;
    }

    /** Every provider on the class path, available or not, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> p = providers;
        if (p == null) {
            List<BackendProvider> found = new ArrayList<>();
            for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
                found.add(provider);
            }
            found.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
            providers = p = List.copyOf(found);
        }
        return p;
    }

    /** The backend called {@code name}; throws naming the reason when it is missing or unavailable. */
    public static Backend byName(String name) {
        if (name.equals(SCALAR.name())) {
            return SCALAR;
        }
        for (BackendProvider provider : providers()) {
            if (provider.name().equals(name)) {
                if (!provider.isAvailable()) {
                    throw new IllegalStateException("backend '" + name + "' is not available: "
                            + provider.unavailableReason());
                }
                return provider.create();
            }
        }
        List<String> names = new ArrayList<>();
        names.add(SCALAR.name());
        providers().forEach(p -> names.add(p.name()));
        throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + names);
    }

    private static Backend chooseCpu() {
        String kernels = System.getProperty("colorize.cpu.kernels", "").trim().toLowerCase(Locale.ROOT);
        if (kernels.equals("scalar")) {
            return SCALAR;
        }
        for (BackendProvider provider : providers()) {
            if (provider.name().startsWith("cpu") && provider.isAvailable()) {
                Backend b = provider.create();
                if (provider.priority() > 0) {
                    return b;
                }
            }
        }
        return SCALAR;
    }

    private static Backend chooseCurrent() {
        String requested = System.getProperty("colorize.backend", "").trim();
        if (requested.isEmpty()) {
            return preferredDevice();
        }
        if (requested.equals("cpu")) {
            return cpu();
        }
        if (requested.startsWith("cpu")) {
            Backend b = byName(requested);
            setCpu(b);
            return b;
        }
        return byName(requested);
    }

    /**
     * With no explicit request: the highest-priority non-CPU provider that outranks every CPU kernel
     * set (a real GPU), else the CPU kernels. A device module that is on the class path but cannot run
     * (no driver, failed kernel build) costs one log line, never an exception.
     */
    private static Backend preferredDevice() {
        int cpuPriority = 0;
        for (BackendProvider provider : providers()) {
            if (provider.name().startsWith("cpu")) {
                cpuPriority = Math.max(cpuPriority, provider.priority());
            }
        }
        for (BackendProvider provider : providers()) {
            if (provider.name().startsWith("cpu")) {
                continue;
            }
            if (!provider.isAvailable()) {
                logFallback(provider.name(), provider.unavailableReason());
                continue;
            }
            if (provider.priority() <= cpuPriority) {
                continue;
            }
            try {
                return provider.create();
            } catch (RuntimeException e) {
                logFallback(provider.name(), String.valueOf(e.getMessage()));
            }
        }
        return cpu();
    }

    /** Logs one line saying that a requested device was not used and why. */
    public static void logFallback(String what, String why) {
        LOG.warning(what + " unavailable (" + why + "); using " + cpu().name());
    }
}
