package dev.colorize.core.autograd;

import java.util.function.Supplier;

/**
 * Whether ops record the graph on this thread. {@code try (var s = GradMode.noGrad()) { ... }}
 * turns recording off in a scope (inference, optimizer steps, running-stat updates).
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** A scope with recording set to {@code enabled}; closing it restores the previous mode. */
    public static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    public static Scope noGrad() {
        return set(false);
    }

    public static <T> T noGradCall(Supplier<T> body) {
        try (Scope s = noGrad()) {
            return body.get();
        }
    }

    /** An AutoCloseable that cannot throw. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
