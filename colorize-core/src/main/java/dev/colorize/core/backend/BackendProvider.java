package dev.colorize.core.backend;

/**
 * ServiceLoader entry point of a backend module. Listed in
 * {@code META-INF/services/dev.colorize.core.backend.BackendProvider}.
 */
public interface BackendProvider {
    /** Name used by {@code -Dcolorize.backend=NAME}. */
    String name();

    /** Higher wins when no backend is requested explicitly. */
    int priority();

    /** True when this backend can run on this machine (probe once and remember). */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false, for the one log line of a fallback. */
    default String unavailableReason() {
        return "";
    }

    Backend create();
}
