package dev.colorize.nn;

/** Thrown by a strict {@link Module#loadStateDict}; carries every problem found, not just the first. */
public final class StateDictException extends RuntimeException {
    private final transient LoadResult result;

    public StateDictException(String moduleName, LoadResult result) {
        super("loadStateDict(" + moduleName + "): state dict does not match the module" + result.describe());
        this.result = result;
    }

    public LoadResult result() {
        return result;
    }
}
