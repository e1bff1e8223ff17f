package dev.colorize.gan;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Architecture name to {@link ModelFactory}: factories registered explicitly plus those found by
 * {@link ServiceLoader} on first use. Thread-safe.
 */
public final class ModelRegistry {
    private static final Map<String, ModelFactory> FACTORIES = new ConcurrentHashMap<>();
    private static volatile boolean discovered;

    private ModelRegistry() {
    }

    /** Adds or replaces the factory for its architecture. */
    public static void register(ModelFactory factory) {
        FACTORIES.put(factory.architecture(), factory);
    }

    /** The factory for {@code architecture}, or an IllegalArgumentException listing the known ones. */
    public static ModelFactory factory(String architecture) {
        discover();
        ModelFactory f = FACTORIES.get(architecture);
        if (f == null) {
            throw new IllegalArgumentException("unknown model architecture '" + architecture + "'; registered: "
                    + architectures());
        }
        return f;
    }

    /** Every registered architecture name, sorted. */
    public static List<String> architectures() {
        discover();
        return List.copyOf(new TreeSet<>(FACTORIES.keySet()));
    }

    private static void discover() {
        if (discovered) {
            return;
        }
        synchronized (ModelRegistry.class) {
            if (!discovered) {
                for (ModelFactory f : ServiceLoader.load(ModelFactory.class)) {
                    FACTORIES.putIfAbsent(f.architecture(), f);
                }
                discovered = true;
            }
        }
    }
}
