package dev.colorize.core.io;

/** The safetensors element types this library reads; F16 is widened to float32 on read. */
public enum DType {
    F32(4), F16(2), I64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element in the file. */
    public int bytes() {
        return bytes;
    }

    /** Whether values are read as floats ({@link TensorEntry#floats()}) rather than longs. */
    public boolean isFloat() {
        return this != I64;
    }

    /** The dtype called {@code name} in a header, or null when it is not supported. */
    static DType fromHeader(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
