package dev.colorize.gan;

import java.nio.file.Path;

/** The outcome for one file of {@link Colorizer#colorizeFiles}: written to {@code output}, or failed with {@code error}. */
public record FileResult(Path input, Path output, Throwable error) {

    public boolean ok() {
        return error == null;
    }
}
