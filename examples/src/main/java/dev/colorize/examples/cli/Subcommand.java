package dev.colorize.examples.cli;

import java.io.PrintStream;

/**
 * One {@code colorize NAME ...} subcommand. Built-ins are listed in {@link Main}; others (e.g.
 * {@code eval}, {@code train}) are found with {@link java.util.ServiceLoader}: implement this
 * interface and list the class in {@code META-INF/services/dev.colorize.examples.cli.Subcommand}.
 */
public interface Subcommand {

    /** The word after {@code colorize}, e.g. {@code "train"}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** Runs with the arguments after the name; returns the exit code (0 ok, 1 failure, 2 usage). */
    int run(String[] args, PrintStream out, PrintStream err);
}
