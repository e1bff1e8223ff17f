package dev.colorize.nn;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An ordered map from PyTorch-style keys ({@code model.1.weight}) to tensors, as returned by
 * {@link Module#stateDict()}. Tensors are float32; an entry flagged {@code integer} holds whole
 * numbers (such as BatchNorm's {@code num_batches_tracked}) that are written to files as I64.
 *
 * <pre>{@code
 * StateDict sd = model.stateDict();          // live views of the model's tensors
 * StateDict snapshot = sd.copy();            // detached deep copy
 * other.loadStateDict(snapshot, true);
 * }</pre>
 */
public final class StateDict implements Iterable<StateDict.Entry> {

    /** One tensor under its key; {@code integer} marks whole-number data serialised as I64. */
    public record Entry(String key, Tensor tensor, boolean integer) {
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> metadata = new LinkedHashMap<>();

    public StateDict() {
    }

    /** A state dict of float tensors, in the map's iteration order. */
    public static StateDict of(Map<String, Tensor> tensors) {
        StateDict sd = new StateDict();
        tensors.forEach(sd::put);
        return sd;
    }

    public StateDict put(String key, Tensor tensor) {
        return put(key, tensor, false);
    }

    /** Adds an entry holding whole numbers (written as I64). */
    public StateDict putInteger(String key, Tensor tensor) {
        return put(key, tensor, true);
    }

    public StateDict put(String key, Tensor tensor, boolean integer) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("state dict key must be non-empty");
        }
        entries.put(key, new Entry(key, tensor, integer));
        return this;
    }

    /** The tensor under {@code key}, or null. */
    public Tensor get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.tensor();
    }

    public Entry entry(String key) {
        return entries.get(key);
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    public boolean isInteger(String key) {
        Entry e = entries.get(key);
        return e != null && e.integer();
    }

    public Entry remove(String key) {
        return entries.remove(key);
    }

    /**
     * String annotations that travel with the tensors (safetensors {@code __metadata__}), e.g. an
     * optimizer's hyper-parameters; mutable.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The keys in insertion order (unmodifiable view). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public int size() {
        return entries.size();
    }

    @Override
    public Iterator<Entry> iterator() {
        return Collections.unmodifiableCollection(entries.values()).iterator();
    }

    /** The tensors by key, in order. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        entries.forEach((k, e) -> m.put(k, e.tensor()));
        return m;
    }

    /** The entries whose key starts with {@code prefix}, with the prefix removed. */
    public StateDict subDict(String prefix) {
        StateDict sd = new StateDict();
        for (Entry e : entries.values()) {
            if (e.key().startsWith(prefix) && e.key().length() > prefix.length()) {
                sd.put(e.key().substring(prefix.length()), e.tensor(), e.integer());
            }
        }
        return sd;
    }

    /** Every entry with {@code prefix} prepended to its key. */
    public StateDict withPrefix(String prefix) {
        StateDict sd = new StateDict();
        for (Entry e : entries.values()) {
            sd.put(prefix + e.key(), e.tensor(), e.integer());
        }
        return sd;
    }

    /** Adds every entry of {@code other} (replacing equal keys); returns this. */
    public StateDict putAll(StateDict other) {
        for (Entry e : other) {
            put(e.key(), e.tensor(), e.integer());
        }
        metadata.putAll(other.metadata);
        return this;
    }

    /** A deep copy: detached, contiguous tensors that no longer share storage with a module. */
    public StateDict copy() {
        StateDict sd = new StateDict();
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (Entry e : entries.values()) {
                Tensor t = e.tensor();
                sd.put(e.key(), Tensor.zeros(t.backend(), t.shape()).copyFrom(t), e.integer());
            }
        }
        sd.metadata.putAll(metadata);
        return sd;
    }

    /** True when both have the same keys in the same order, flags, shapes, bit-identical values and metadata. */
    public boolean bitEquals(StateDict other) {
        if (!Arrays.equals(entries.keySet().toArray(), other.entries.keySet().toArray())
                || !metadata.equals(other.metadata)) {
            return false;
        }
        for (Entry e : entries.values()) {
            Entry o = other.entries.get(e.key());
            if (e.integer() != o.integer() || !Arrays.equals(e.tensor().shape(), o.tensor().shape())) {
                return false;
            }
            float[] a = e.tensor().toArray();
            float[] b = o.tensor().toArray();
            for (int i = 0; i < a.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StateDict{");
        String sep = "";
        for (Entry e : entries.values()) {
            sb.append(sep).append(e.key()).append(Arrays.toString(e.tensor().shape())).append(e.integer() ? "i64" : "");
            sep = ", ";
        }
        return sb.append('}').toString();
    }
}
