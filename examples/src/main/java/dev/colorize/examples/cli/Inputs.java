package dev.colorize.examples.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Expands command-line arguments (files, folders, globs such as {@code scans/**&#47;*.jpg}) to image files. */
final class Inputs {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "wbmp");

    private Inputs() {
    }

    /** The image files named by {@code args}, in argument order, each once. */
    static List<Path> expand(List<String> args, boolean recursive) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (String arg : args) {
            if (isGlob(arg)) {
                List<Path> matched = glob(arg);
                if (matched.isEmpty()) {
                    throw new NoSuchFileException(arg, null, "no file matches this pattern");
                }
                files.addAll(matched);
                continue;
            }
            Path p = Paths.get(arg);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = recursive ? Files.walk(p) : Files.list(p)) {
                    s.filter(Files::isRegularFile).filter(Inputs::isImage).filter(f -> !isOutputOfThisTool(f))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new NoSuchFileException(arg, null, "no such file or folder");
            }
        }
        return new ArrayList<>(files);
    }

    static boolean isGlob(String arg) {
        return arg.indexOf('*') >= 0 || arg.indexOf('?') >= 0 || arg.indexOf('[') >= 0 || arg.indexOf('{') >= 0;
    }

    /** Files matching a glob; the walk starts at the pattern's longest literal folder prefix. */
    private static List<Path> glob(String pattern) throws IOException {
        String normalized = pattern.replace('\\', '/');
        int firstWild = normalized.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = normalized.indexOf(c);
            if (i >= 0) {
                firstWild = Math.min(firstWild, i);
            }
        }
        int slash = normalized.lastIndexOf('/', firstWild);
        Path base = slash < 0 ? Paths.get("") : Paths.get(normalized.substring(0, slash + 1));
        String rest = slash < 0 ? normalized : normalized.substring(slash + 1);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        Path root = base.toString().isEmpty() ? Paths.get(".") : base;
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        int depth = rest.contains("**") ? Integer.MAX_VALUE : (int) rest.chars().filter(c -> c == '/').count() + 1;
        try (Stream<Path> s = Files.walk(root, depth)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> matcher.matches(root.relativize(f)))
                    .map(f -> base.toString().isEmpty() ? root.relativize(f) : f)
                    .sorted().toList();
        }
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** A folder that was colorized once holds NAME-color.png files: do not colorize those again. */
    private static boolean isOutputOfThisTool(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ColorizeCommand.SUFFIX + ".png");
    }

    /** NAME-color.png beside the input (or inside {@code dir} when given). */
    static Path defaultOutput(Path input, Path dir) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path folder = dir != null ? dir : input.toAbsolutePath().getParent();
        return folder.resolve(stem + ColorizeCommand.SUFFIX + ".png");
    }
}
