package dev.colorize.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A malformed or unreadable safetensors file or in-memory image; the message is
 * {@code "SOURCE: PROBLEM"}, naming the file (or the caller's name for the bytes) and the problem.
 */
public class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public SafeTensorsException(Path file, String problem) {
        this(String.valueOf(file), problem, null);
    }

    public SafeTensorsException(Path file, String problem, Throwable cause) {
        this(String.valueOf(file), problem, cause);
    }

    /** For data that is not a file: {@code source} names it, e.g. {@code "classpath:/model.safetensors"}. */
    public SafeTensorsException(String source, String problem) {
        this(source, problem, null);
    }

    public SafeTensorsException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file or in-memory source the problem was found in. */
    public String source() {
        return source;
    }

    /** The problem alone, without the source (for callers that wrap it in their own message). */
    public String problem() {
        return problem;
    }
}
