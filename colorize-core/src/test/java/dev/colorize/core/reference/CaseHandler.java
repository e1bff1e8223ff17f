package dev.colorize.core.reference;

/**
 * Runs one reference case: reads its inputs and parameters from the {@link ReferenceCase}, computes
 * the op and hands every result to {@link ReferenceCase#expect} / {@link ReferenceCase#expectGradients}.
 */
@FunctionalInterface
public interface CaseHandler {
    void run(ReferenceCase c) throws Exception;
}
