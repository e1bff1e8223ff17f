package dev.colorize.gan;

import java.io.IOException;

/** A model file that is corrupt, incomplete or not a colorize model; the message names the file. */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String source, String reason) {
        super(source + ": " + reason);
    }

    public ModelFormatException(String source, String reason, Throwable cause) {
        super(source + ": " + reason, cause);
    }
}
