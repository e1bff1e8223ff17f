package dev.colorize.core.io;

import java.io.IOException;
import java.nio.file.Path;

/** A malformed or unreadable safetensors file; the message names the file and the problem. */
public class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public SafeTensorsException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
