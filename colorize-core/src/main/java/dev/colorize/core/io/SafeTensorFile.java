package dev.colorize.core.io;

import dev.colorize.core.tensor.Tensor;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;

/** The contents of one safetensors file or in-memory image: tensors in header order and the string metadata. */
public final class SafeTensorFile {
    private final Path path;
    private final String source;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    SafeTensorFile(Path path, String source, Map<String, TensorEntry> tensors, Map<String, String> metadata) {
        this.path = path;
        this.source = source;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** The file read, or null when the image was read from memory. */
    public Path path() {
        return path;
    }

    /** What errors call it: the file's path, or the name given to {@link SafeTensors#read(byte[], String)}. */
    public String source() {
        return source;
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
            throw new NoSuchElementException(source + ": no tensor '" + name + "' (has " + tensors.keySet() + ")");
        }
        return e;
    }

    /** The tensor called {@code name} as a new float32 tensor. */
    public Tensor tensor(String name) {
        return entry(name).toTensor();
    }
}
