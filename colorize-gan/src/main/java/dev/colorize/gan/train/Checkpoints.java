package dev.colorize.gan.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoint files of a run: {@code step-000000100.safetensors} in one folder, found by name
 * (temporary files of an interrupted write never match), the newest {@code keepLast} kept.
 */
public final class Checkpoints {
    private static final Pattern NAME = Pattern.compile("step-(\\d{9,})\\.safetensors");

    private final Path dir;
    private final int keepLast;

    public Checkpoints(Path dir, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("Checkpoints: keepLast must be >= 1, got " + keepLast);
        }
        this.dir = dir;
        this.keepLast = keepLast;
    }

    public Path dir() {
        return dir;
    }

    /** The file of the checkpoint taken after {@code step} generator steps. */
    public Path fileFor(long step) {
        return dir.resolve(String.format(Locale.ROOT, "step-%09d.safetensors", step));
    }

    /** The step a checkpoint file name stands for, or -1 if it is not one. */
    public static long stepOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Every checkpoint, oldest first. */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> stepOf(p) >= 0).sorted(Comparator.comparingLong(Checkpoints::stepOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint, or null. */
    public Path latest() {
        List<Path> all = list();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Deletes all but the newest {@code keepLast}; returns the deleted files. */
    List<Path> prune() throws IOException {
        List<Path> all = list();
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i < all.size() - keepLast; i++) {
            Files.deleteIfExists(all.get(i));
            deleted.add(all.get(i));
        }
        return deleted;
    }
}
