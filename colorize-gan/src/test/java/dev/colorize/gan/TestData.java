package dev.colorize.gan;

import dev.colorize.core.reference.ReferenceRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the shared test material (photos, reference cases). Missing material is an error, never a skip. */
public final class TestData {
    private TestData() {
    }

    /** The shared folder: {@code -Dcolorize.shared.dir}, else the first {@code shared/} with a data folder above the working directory. */
    public static Path sharedDir() {
        String prop = System.getProperty("colorize.shared.dir");
        if (prop != null) {
            return existing(Paths.get(prop), "-Dcolorize.shared.dir");
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
        }
        throw new AssertionError("shared test material not found: no shared/data above " + Paths.get("").toAbsolutePath()
                + " (set -Dcolorize.shared.dir)");
    }

    /** A file under shared/data, which must exist. */
    public static Path dataFile(String relative) {
        return existing(sharedDir().resolve("data").resolve(relative), "shared data");
    }

    /** A reference case file {@code group/name.safetensors} in the reference directory of the build. */
    public static Path referenceCase(String group, String name) {
        return existing(ReferenceRunner.defaultDir().resolve(group).resolve(name + ".safetensors"), "reference case");
    }

    private static Path existing(Path p, String what) {
        if (!Files.exists(p)) {
            throw new AssertionError(what + " missing: " + p.toAbsolutePath());
        }
        return p;
    }
}
