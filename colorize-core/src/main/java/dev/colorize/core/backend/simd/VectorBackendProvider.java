package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.BackendProvider;

/**
 * ServiceLoader entry of the Vector API CPU kernels ({@code cpu-vector}). Available when the JVM
 * was started with {@code --add-modules jdk.incubator.vector} and its preferred float vector has
 * at least 4 lanes; otherwise {@link dev.colorize.core.backend.Backends#cpu()} keeps the scalar kernels.
 */
public final class VectorBackendProvider implements BackendProvider {
    private static volatile String unavailable;

    @Override
    public String name() {
        return VectorBackend.NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return probe().isEmpty();
    }

    @Override
    public String unavailableReason() {
        return probe();
    }

    @Override
    public Backend create() {
        return new VectorBackend();
    }

    /** Empty when usable, else the reason; probed once (a missing module is a LinkageError). */
    private static String probe() {
        String u = unavailable;
        if (u == null) {
            try {
                int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
                u = lanes >= 4 ? "" : "preferred float vector has only " + lanes + " lanes";
            } catch (LinkageError | RuntimeException e) {
                u = "jdk.incubator.vector not loadable (run with --add-modules jdk.incubator.vector): " + e;
            }
            unavailable = u;
        }
        return u;
    }
}
