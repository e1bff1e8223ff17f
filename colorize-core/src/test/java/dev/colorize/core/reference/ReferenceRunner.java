package dev.colorize.core.reference;

import dev.colorize.core.io.Json;
import dev.colorize.core.io.SafeTensors;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Data-driven conformance runner over a directory of PyTorch reference cases (one safetensors file
 * per case, walked recursively). Each module creates one for itself, registers handlers for the ops
 * it owns and returns {@link #tests()} from a {@code @TestFactory}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> reference() {
 *     return new ReferenceRunner("colorize-nn")
 *             .register("adam", c -> ...)
 *             .tests();
 * }
 * }</pre>
 *
 * Every case becomes one named dynamic test: cases of registered ops run; cases whose op another
 * module owns ({@link #OWNERS}) are reported as delegated to it (or omitted with
 * {@link #reportDelegated(boolean) reportDelegated(false)}); a case of an op this module owns but
 * has no handler for, or of an op nobody owns, FAILS. A run that executes no case also fails.
 */
public final class ReferenceRunner {
    /** System property naming the case directory. */
    public static final String DIR_PROPERTY = "colorize.reference.dir";
    public static final String CORE = "colorize-core";
    public static final String NN = "colorize-nn";
    public static final String GAN = "colorize-gan";

    /** Which module runs each op of the reference set (README: 54 ops). */
    public static final Map<String, String> OWNERS = owners();

    private final String module;
    private final Map<String, CaseHandler> handlers = new HashMap<>();
    private boolean reportDelegated = true;

    public ReferenceRunner(String module) {
        this.module = module;
    }

    private static Map<String, String> owners() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String op : ("add sub mul div maximum minimum neg exp log sqrt abs clamp pow relu leaky_relu tanh"
                + " sigmoid softplus sum mean var max matmul softmax log_softmax conv2d conv_transpose2d batch_norm"
                + " upsample cat stack pad slice reshape permute transpose permute_reshape expand dropout l1_loss"
                + " mse_loss smooth_l1_loss binary_cross_entropy binary_cross_entropy_with_logits cross_entropy"
                + " double_backward wgan_gp").split(" ")) {
            m.put(op, CORE);
        }
        for (String op : List.of("adam", "rmsprop", "sgd", "weight_clip")) {
            m.put(op, NN);
        }
        for (String op : List.of("model", "rgb2lab", "lab2rgb")) {
            m.put(op, GAN);
        }
        return Map.copyOf(m);
    }

    /** The case directory: {@value #DIR_PROPERTY}, else this module's copy of the public cases. */
    public static Path defaultDir() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        Path local = Path.of("src/test/resources/reference");
        return Files.isDirectory(local) ? local : Path.of("../colorize-core/src/test/resources/reference");
    }

    public ReferenceRunner register(String op, CaseHandler handler) {
        if (handlers.putIfAbsent(op, handler) != null) {
            throw new IllegalArgumentException("handler for op '" + op + "' registered twice");
        }
        return this;
    }

    public ReferenceRunner registerAll(Map<String, CaseHandler> all) {
        all.forEach(this::register);
        return this;
    }

    /** Whether cases of other modules' ops appear as (passing) "delegated" tests; default true. */
    public ReferenceRunner reportDelegated(boolean report) {
        this.reportDelegated = report;
        return this;
    }

    /** Tests over {@link #defaultDir()}. */
    public Stream<DynamicNode> tests() {
        return tests(defaultDir());
    }

    /** One container per group (sub-directory), one dynamic test per case file. */
    public Stream<DynamicNode> tests(Path dir) {
        List<Path> files = caseFiles(dir);
        Map<String, List<DynamicNode>> groups = new TreeMap<>();
        int runnable = 0;
        for (Path f : files) {
            String name = caseName(dir, f);
            String group = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : ".";
            DynamicNode node;
            String op = opOf(f);
            CaseHandler h = handlers.get(op);
            String owner = OWNERS.get(op);
            if (h != null) {
                runnable++;
                node = DynamicTest.dynamicTest(name + " [" + op + "]", f.toUri(), () -> runCase(f, name, h));
            } else if (owner != null && !owner.equals(module)) {
                if (!reportDelegated) {
                    continue;
                }
                node = DynamicTest.dynamicTest(name + " [" + op + "] delegated to " + owner, f.toUri(), () -> { });
            } else if (owner != null) {
                node = DynamicTest.dynamicTest(name + " [" + op + "] NO HANDLER", f.toUri(),
                        () -> fail(name + ": op '" + op + "' belongs to " + module + " but no handler is registered"));
            } else {
                node = DynamicTest.dynamicTest(name + " [" + op + "] UNKNOWN OP", f.toUri(),
                        () -> fail(name + ": unknown op '" + op + "' (known: " + new TreeMap<>(OWNERS).keySet() + ")"));
            }
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(node);
        }
        List<DynamicNode> out = new ArrayList<>();
        groups.forEach((g, nodes) -> out.add(DynamicContainer.dynamicContainer(g, nodes)));
        if (runnable == 0) {
            out.add(DynamicTest.dynamicTest("at least one case runs", () -> fail("no reference case of module " + module
                    + " found under " + dir.toAbsolutePath() + " (" + files.size() + " case files)")));
        }
        return out.stream();
    }

    /** Runs one case file with a handler (also usable directly from a plain test). */
    public static void runCase(Path file, String name, CaseHandler handler) throws Exception {
        ReferenceCase c = new ReferenceCase(file, name, SafeTensors.read(file));
        handler.run(c);
        c.assertAllTensorsConsumed();
    }

    /** Every {@code *.safetensors} file under {@code dir}, sorted. */
    public static List<Path> caseFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("reference case directory " + dir.toAbsolutePath() + " does not exist (set -D"
                    + DIR_PROPERTY + ")");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String caseName(Path dir, Path file) {
        String rel = dir.relativize(file).toString().replace('\\', '/');
        return rel.substring(0, rel.length() - ".safetensors".length());
    }

    /** The op of a case, from its header only. */
    static String opOf(Path file) {
        try {
            String caseJson = SafeTensors.readMetadata(file).get("case");
            if (caseJson == null) {
                return "<no case metadata>";
            }
            Object op = Json.object(Json.parse(caseJson), "case").get("op");
            return op instanceof String s ? s : "<no op>";
        } catch (IOException | RuntimeException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }
}
