package dev.colorize.core.backend;

/** Reductions over a set of dimensions. */
public enum ReduceOp {
    SUM, MAX, MIN
}
