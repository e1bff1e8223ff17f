package dev.colorize.core.io;

import dev.colorize.core.tensor.Tensor;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;

/** The contents of one safetensors file: tensors in header order and the string metadata. */
public final class SafeTensorFile {
    private final Path path;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    SafeTensorFile(Path path, Map<String, TensorEntry> tensors, Map<String, String> metadata) {
        this.path = path;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    public Path path() {
        return path;
    }

    /** Every tensor by name, in header order. */
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} map (empty when the file has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The entry called {@code name}; an exception naming the file when it is missing. */
    public TensorEntry entry(String name) {
        TensorEntry e = tensors.get(name);
        if (e == null) {
            throw new NoSuchElementException(path + ": no tensor '" + name + "' (has " + tensors.keySet() + ")");
        }
        return e;
    }

    /** The tensor called {@code name} as a new float32 tensor. */
    public Tensor tensor(String name) {
        return entry(name).toTensor();
    }
}
