package dev.colorize.nn.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a {@link DataLoader} stands: its seed, the epoch, and how many batches of that epoch have
 * been handed out. The shuffling and per-sample generators are functions of these three numbers,
 * so restoring the state reproduces the same batches in the same order.
 */
public record LoaderState(long seed, long epoch, long position) {
    public LoaderState {
        if (epoch < 0 || position < 0) {
            throw new IllegalArgumentException("LoaderState: negative epoch/position " + epoch + "/" + position);
        }
    }

    /** As string metadata (e.g. for a checkpoint) under {@code prefix + "seed"} etc. */
    public Map<String, String> toMetadata(String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(prefix + "seed", Long.toString(seed));
        m.put(prefix + "epoch", Long.toString(epoch));
        m.put(prefix + "position", Long.toString(position));
        return m;
    }

    /** Reads what {@link #toMetadata} wrote; throws naming the missing key. */
    public static LoaderState fromMetadata(Map<String, String> m, String prefix) {
        return new LoaderState(read(m, prefix + "seed"), read(m, prefix + "epoch"), read(m, prefix + "position"));
    }

    private static long read(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("LoaderState: metadata has no '" + key + "'");
        }
        return Long.parseLong(v);
    }
}
