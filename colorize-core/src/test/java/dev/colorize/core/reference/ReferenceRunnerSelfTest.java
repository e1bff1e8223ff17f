package dev.colorize.core.reference;

import dev.colorize.core.io.SafeTensors;
import dev.colorize.core.io.TensorEntry;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner itself must be able to fail: wrong numbers, skipped outputs, unknown ops, no cases. */
class ReferenceRunnerSelfTest {
    @TempDir
    Path dir;

    private static final Path ADD = ReferenceRunner.defaultDir().resolve("elementwise/add_same.safetensors");

    @Test
    void aSlightlyWrongResultFails() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ReferenceRunner.runCase(ADD, "add", c -> {
            Tensor y = c.input("input").add(c.input("other")).mul(1.001f);
            c.expect("output", y);
            c.expectGradients(y);
        }));
        assertTrue(e.getMessage().contains("'output' differs"), e.getMessage());
    }

    @Test
    void aWrongGradientFails() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ReferenceRunner.runCase(ADD, "add", c -> {
            Tensor x = c.input("input");
            Tensor o = c.input("other");
            c.expect("output", x.add(o));
            c.expectGradients(x.add(o.mul(2f)));
        }));
        assertTrue(e.getMessage().contains("grad_other"), e.getMessage());
    }

    @Test
    void anUncheckedGradientFails() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ReferenceRunner.runCase(ADD, "add", c ->
                c.expect("output", c.input("input").add(c.input("other")))));
        assertTrue(e.getMessage().contains("neither used as input nor checked"), e.getMessage());
        assertTrue(e.getMessage().contains("grad_input"), e.getMessage());
    }

    @Test
    void unknownOpFailsAndForeignOpIsDelegated() throws Exception {
        writeCase("g/bogus", "{\"op\": \"bogus\"}");
        writeCase("g/adam", "{\"op\": \"adam\"}");
        writeCase("g/add", "{\"op\": \"add\"}");
        List<DynamicTest> tests = flatten(new ReferenceRunner(ReferenceRunner.CORE)
                .register("add", c -> c.expect("output", c.input("input"))).tests(dir));
        assertEquals(3, tests.size());
        DynamicTest adam = find(tests, "g/adam");
        assertTrue(adam.getDisplayName().contains("delegated to colorize-nn"), adam.getDisplayName());
        assertDoesNotThrow(() -> adam.getExecutable().execute());
        DynamicTest bogus = find(tests, "g/bogus");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> bogus.getExecutable().execute());
        assertTrue(e.getMessage().contains("unknown op 'bogus'"), e.getMessage());
        assertDoesNotThrow(() -> find(tests, "g/add").getExecutable().execute());
    }

    @Test
    void ownedOpWithoutHandlerFails() throws Exception {
        writeCase("sub", "{\"op\": \"sub\"}");
        List<DynamicTest> tests = flatten(new ReferenceRunner(ReferenceRunner.CORE)
                .register("add", c -> { }).tests(dir));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
        assertTrue(e.getMessage().contains("no handler"), e.getMessage());
        // no runnable case at all: an extra failing test says so
        assertEquals(2, tests.size());
        assertThrows(AssertionFailedError.class, () -> tests.get(1).getExecutable().execute());
    }

    @Test
    void emptyDirectoryFails() {
        List<DynamicTest> tests = flatten(new ReferenceRunner(ReferenceRunner.CORE).tests(dir));
        assertEquals(1, tests.size());
        assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
    }

    private void writeCase(String name, String caseJson) throws Exception {
        Path p = dir.resolve(name + ".safetensors");
        java.nio.file.Files.createDirectories(p.getParent());
        SafeTensors.writeEntries(p, Map.of("input", TensorEntry.ofFloats(new float[] {1f}, 1),
                        "output", TensorEntry.ofFloats(new float[] {1f}, 1)),
                Map.of("case", caseJson, "tolerance", "{\"rtol\": 0, \"atol\": 0}"));
    }

    private static DynamicTest find(List<DynamicTest> tests, String prefix) {
        return tests.stream().filter(t -> t.getDisplayName().startsWith(prefix)).findFirst().orElseThrow();
    }

    private static List<DynamicTest> flatten(Stream<DynamicNode> nodes) {
        List<DynamicTest> out = new ArrayList<>();
        nodes.forEach(n -> {
            if (n instanceof DynamicContainer c) {
                out.addAll(flatten(c.getChildren().map(x -> (DynamicNode) x)));
            } else {
                out.add((DynamicTest) n);
            }
        });
        return out;
    }
}
