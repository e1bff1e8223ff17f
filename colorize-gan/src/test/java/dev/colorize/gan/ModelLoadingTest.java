package dev.colorize.gan;

import dev.colorize.core.io.SafeTensors;
import dev.colorize.core.io.TensorEntry;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLoadingTest {

    private static Path writeTint(Path dir, Map<String, String> config) throws IOException {
        TestModels.Tint tint = new TestModels.Tint(10f, -5f, 3f, 7f);
        Path file = dir.resolve("tint.safetensors");
        new ModelFile("test-tint", config, tint.weights()).write(file);
        return file;
    }

    @Test
    void loadsAModelFileThroughTheRegistry(@TempDir Path dir) throws IOException {
        Path file = writeTint(dir, Map.of("note", "a \"quoted\" value"));
        ModelFile f = ModelFile.read(file);
        assertEquals("test-tint", f.architecture());
        assertEquals(Map.of("note", "a \"quoted\" value"), f.config());
        assertArrayEquals(new float[] {10f, -5f}, f.weights().get("scale").toArray());

        Colorizer loaded = Colorizer.load(file).renderSize(8);
        Colorizer direct = Colorizer.of(new TestModels.Tint(10f, -5f, 3f, 7f)).renderSize(8);
        BufferedImage img = ColorizerTest.grayImage(20, 12, 1);
        assertArrayEquals(direct.colorize(img).getRGB(0, 0, 20, 12, null, 0, 20),
                loaded.colorize(img).getRGB(0, 0, 20, 12, null, 0, 20));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left by the write");
        }
    }

    @Test
    void brokenModelFilesGiveClearErrorsNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = writeTint(dir, Map.of());
        byte[] bytes = Files.readAllBytes(file);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
        assertMessage(truncated, "not a valid safetensors file: tensor '");
        assertMessage(truncated, "truncated");

        Path garbage = dir.resolve("garbage.safetensors");
        Files.writeString(garbage, "this is not a model");
        assertMessage(garbage, "not a valid safetensors file: header length");

        Path foreign = dir.resolve("foreign.safetensors");
        SafeTensors.write(foreign, Map.of("w", Tensor.of(new float[] {1}, 1)), Map.of());
        assertMessage(foreign, "not a colorize model file");

        Path unknown = dir.resolve("unknown.safetensors");
        new ModelFile("pix2pix-9000", Map.of(), Map.of()).write(unknown);
        assertMessage(unknown, "unknown model architecture 'pix2pix-9000'; registered: [");
        assertMessage(unknown, "test-tint"); // the list names what is registered

        Path incomplete = dir.resolve("incomplete.safetensors");
        new ModelFile("test-tint", Map.of(), Map.of("scale", Tensor.of(new float[] {1, 2}, 2))).write(incomplete);
        assertMessage(incomplete, "weight 'bias' missing");

        assertThrows(NoSuchFileException.class, () -> Colorizer.load(dir.resolve("absent.safetensors")));
    }

    private static void assertMessage(Path file, String fragment) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Colorizer.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void pretrainedSaysTheDefaultModelIsNotBundled() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Colorizer::pretrained);
        assertTrue(e.getMessage().contains("default model is not bundled"), e.getMessage());
        assertTrue(e.getMessage().contains(Colorizer.DEFAULT_MODEL_RESOURCE), e.getMessage());
    }

    @Test
    void explicitRegistrationAddsAnArchitecture() {
        ModelRegistry.register(new ModelFactory() {
            @Override
            public String architecture() {
                return "test-explicit";
            }

            @Override
            public ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights) {
                return new TestModels.Ramp();
            }
        });
        assertTrue(ModelRegistry.architectures().contains("test-explicit"));
        assertEquals("test-ramp", ModelRegistry.factory("test-explicit").create(Map.of(), Map.of()).architecture());
    }

    @Test
    void modelFilesInteroperateWithCoreSafeTensors(@TempDir Path dir) throws IOException {
        // Written by core's SafeTensors with the model-file metadata: readable as a model file.
        Path byCore = dir.resolve("core.safetensors");
        SafeTensors.write(byCore, new TestModels.Tint(1f, 2f, 3f, 4f).weights(),
                Map.of("format", "colorize-model", "version", "1", "architecture", "test-tint", "config.k", "v"));
        ModelFile f = ModelFile.read(byCore);
        assertEquals(Map.of("k", "v"), f.config());
        assertArrayEquals(new float[] {3f, 4f}, f.weights().get("bias").toArray());
        // Written as a model file: core reads the same tensors and metadata.
        Path ours = dir.resolve("ours.safetensors");
        f.write(ours);
        dev.colorize.core.io.SafeTensorFile back = SafeTensors.read(ours);
        assertEquals("test-tint", back.metadata().get("architecture"));
        assertArrayEquals(new float[] {1f, 2f}, back.tensor("scale").toArray());
    }

    @Test
    void readsModelBytesFromMemoryLikeTheFile(@TempDir Path dir) throws IOException {
        Path file = writeTint(dir, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        ModelFile fromFile = ModelFile.read(file);
        ModelFile fromMemory = ModelFile.read(bytes, "classpath:/tint.safetensors");
        assertEquals(fromFile.architecture(), fromMemory.architecture());
        assertEquals(fromFile.config(), fromMemory.config());
        assertEquals(java.util.List.copyOf(fromFile.weights().keySet()), java.util.List.copyOf(fromMemory.weights().keySet()));
        for (String k : fromFile.weights().keySet()) {
            assertArrayEquals(fromFile.weights().get(k).toArray(), fromMemory.weights().get(k).toArray(), k);
        }
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.read(Arrays.copyOf(bytes, bytes.length - 3), "classpath:/tint.safetensors"));
        assertTrue(e.getMessage().startsWith("classpath:/tint.safetensors: not a valid safetensors file: "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void integerBuffersLoadAsExactFloats(@TempDir Path dir) throws IOException {
        Map<String, String> meta = Map.of("format", "colorize-model", "version", "1", "architecture", "test-tint");
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        entries.put("bn.running_mean", TensorEntry.ofFloats(new float[] {0.5f, -1f}, 2));
        entries.put("bn.num_batches_tracked", TensorEntry.ofLongs(new long[] {12345}));
        ModelFile f = ModelFile.read(bytesOf(dir, entries, meta), "mem");
        assertArrayEquals(new int[0], f.weights().get("bn.num_batches_tracked").shape());
        assertEquals(12345f, f.weights().get("bn.num_batches_tracked").item());
        assertArrayEquals(new float[] {0.5f, -1f}, f.weights().get("bn.running_mean").toArray());

        entries.put("bn.num_batches_tracked", TensorEntry.ofLongs(new long[] {(1L << 24) + 1}));
        byte[] inexact = bytesOf(dir, entries, meta);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(inexact, "mem"));
        assertTrue(e.getMessage().startsWith("mem: tensor 'bn.num_batches_tracked': "), e.getMessage());
    }

    /** Model-file bytes with I64 entries, as a PyTorch export has them (written by core's writer). */
    private static byte[] bytesOf(Path dir, Map<String, TensorEntry> entries, Map<String, String> meta) throws IOException {
        Path file = dir.resolve("int.safetensors");
        SafeTensors.writeEntries(file, entries, meta);
        return Files.readAllBytes(file);
    }
}
