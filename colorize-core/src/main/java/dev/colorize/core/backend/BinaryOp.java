package dev.colorize.core.backend;

/** Elementwise functions of two tensors of the same (broadcast) shape. */
public enum BinaryOp {
    ADD { public float apply(float a, float b) { return a + b; } },
    SUB { public float apply(float a, float b) { return a - b; } },
    MUL { public float apply(float a, float b) { return a * b; } },
    DIV { public float apply(float a, float b) { return a / b; } },
    MAX { public float apply(float a, float b) { return Math.max(a, b); } },
    MIN { public float apply(float a, float b) { return Math.min(a, b); } },
    /** 1 where a > b, else 0. */
    GT { public float apply(float a, float b) { return a > b ? 1f : 0f; } },
    /** 1 where a == b, else 0. */
    EQ { public float apply(float a, float b) { return a == b ? 1f : 0f; } };

    public abstract float apply(float a, float b);
}
