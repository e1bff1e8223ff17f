package dev.colorize.examples.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A {@link Subcommand} whose options are parsed by picocli: subclasses are {@code @Command}s with
 * {@code @Option} fields and implement {@link #call()}. Errors become one "colorize: ..." line.
 */
abstract class PicocliSubcommand implements Subcommand, Callable<Integer> {
    protected PrintStream out = System.out;
    protected PrintStream err = System.err;

    @Override
    public final int run(String[] args, PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        CommandLine cl = new CommandLine(this);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println((name().equals("colorize") ? "colorize" : "colorize " + name()) + ": " + message(e));
            if (Boolean.getBoolean("colorize.debug")) {
                e.printStackTrace(err);
            }
            return 1;
        });
        return cl.execute(args);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
