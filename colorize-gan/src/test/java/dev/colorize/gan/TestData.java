package dev.colorize.gan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Locates the shared test material (photos, PyTorch reference cases) and reads reference case
 * files. Missing material is an error, never a skip.
 */
public final class TestData {
    private TestData() {
    }

    /** The shared folder: {@code -Dcolorize.shared.dir}, else the first {@code shared/} above the working directory. */
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

    /** A reference case file {@code group/name.safetensors}: from -Dcolorize.reference.dir, else shared/reference/cases. */
    public static Path referenceCase(String group, String name) {
        String rel = group + "/" + name + ".safetensors";
        String prop = System.getProperty("colorize.reference.dir");
        if (prop != null && Files.isRegularFile(Paths.get(prop, rel))) {
            return Paths.get(prop, rel);
        }
        return existing(sharedDir().resolve("reference/cases").resolve(rel), "reference case");
    }

    private static Path existing(Path p, String what) {
        if (!Files.exists(p)) {
            throw new AssertionError(what + " missing: " + p.toAbsolutePath());
        }
        return p;
    }

    /** One F32 tensor of a case file. */
    public record Entry(int[] shape, float[] data) {
    }

    /** A case file's F32 tensors (other dtypes are skipped) and its metadata string. */
    public record Case(Map<String, Entry> tensors, String metadataJson) {
        public Entry get(String name) {
            Entry e = tensors.get(name);
            if (e == null) {
                throw new AssertionError("case has no tensor '" + name + "'; has " + tensors.keySet());
            }
            return e;
        }

        /** {@code atol} or {@code rtol} from the metadata's tolerance object. */
        public double tolerance(String key) {
            Matcher m = Pattern.compile("\\\\?\"" + key + "\\\\?\"\\s*:\\s*([0-9.eE+-]+)").matcher(metadataJson);
            if (!m.find()) {
                throw new AssertionError("no " + key + " in metadata " + metadataJson);
            }
            return Double.parseDouble(m.group(1));
        }
    }

    private static final Pattern TENSOR = Pattern.compile(
            "\"([^\"]+)\"\\s*:\\s*\\{\\s*\"dtype\"\\s*:\\s*\"(\\w+)\"\\s*,\\s*\"shape\"\\s*:\\s*\\[([^\\]]*)\\]\\s*,"
            + "\\s*\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]\\s*\\}");

    /** Reads a reference safetensors file (a small independent parser: header regex + little-endian floats). */
    public static Case readCase(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) buf.getLong(0);
        String header = new String(bytes, 8, n, StandardCharsets.UTF_8);
        int base = 8 + n;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Matcher m = TENSOR.matcher(header);
        while (m.find()) {
            if (!m.group(2).equals("F32")) {
                continue;
            }
            String dims = m.group(3).trim();
            int[] shape = dims.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(dims.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            int begin = Integer.parseInt(m.group(4)), end = Integer.parseInt(m.group(5));
            float[] data = new float[(end - begin) / 4];
            for (int i = 0; i < data.length; i++) {
                data[i] = buf.getFloat(base + begin + 4 * i);
            }
            tensors.put(m.group(1), new Entry(shape, data));
        }
        int meta = header.indexOf("\"__metadata__\"");
        return new Case(tensors, meta < 0 ? "" : header.substring(meta));
    }
}
