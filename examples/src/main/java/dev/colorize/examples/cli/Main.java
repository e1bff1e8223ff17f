package dev.colorize.examples.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Entry point of the {@code colorize} tool: {@code colorize [SUBCOMMAND] ARGS}. Without a known
 * subcommand word the arguments are photos to colorize ({@link ColorizeCommand}).
 *
 * <pre>
 *   ./colorize photo.jpg                     # writes photo-color.png beside it
 *   ./colorize old/ 'scans/*.jpg' -o out/    # folders and globs, with a progress bar
 *   ./colorize bench --model m.safetensors   # images per second
 * </pre>
 */
public final class Main {
    /** Subcommands delivered by other parts of the project; named here so the error is clear until they exist. */
    private static final Set<String> PLANNED = Set.of("eval", "train");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Every subcommand: built-ins first, then ServiceLoader ones (which may not replace a built-in). */
    static Map<String, Subcommand> subcommands() {
        Map<String, Subcommand> all = new LinkedHashMap<>();
        for (Subcommand s : new Subcommand[] {new ColorizeCommand(), new BenchCommand()}) {
            all.put(s.name(), s);
        }
        for (Subcommand s : ServiceLoader.load(Subcommand.class)) {
            all.putIfAbsent(s.name(), s);
        }
        return all;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Subcommand> commands = subcommands();
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(commands, args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Subcommand command = commands.get(args[0]);
        if (command != null) {
            return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (PLANNED.contains(args[0]) && !new java.io.File(args[0]).exists()) {
            err.println("colorize: the '" + args[0] + "' subcommand is not part of this build yet "
                    + "(it comes with the GAN training work); available: " + commands.keySet());
            return 2;
        }
        return commands.get("colorize").run(args, out, err);
    }

    private static void usage(Map<String, Subcommand> commands, PrintStream s) {
        s.println("Usage: colorize [SUBCOMMAND] [OPTIONS] ...");
        s.println("       colorize PHOTO|FOLDER|GLOB... [-o OUT]   (same as 'colorize colorize ...')");
        s.println();
        s.println("Subcommands (each has --help):");
        commands.values().forEach(c -> s.printf("  %-10s %s%n", c.name(), c.summary()));
    }
}
