package dev.colorize.core.io;

import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsFloatLongScalarAndMetadata() throws IOException {
        Path p = dir.resolve("a.safetensors");
        Map<String, TensorEntry> m = new LinkedHashMap<>();
        m.put("w", TensorEntry.ofFloats(new float[] {1f, -2.5f, 3e-8f, Float.MAX_VALUE, -0f, 7f}, 2, 3));
        m.put("idx", TensorEntry.ofLongs(new long[] {0, -1, Long.MAX_VALUE}, 3));
        m.put("s", TensorEntry.ofFloats(new float[] {42f}));
        m.put("empty", TensorEntry.ofFloats(new float[0], 0, 4));
        SafeTensors.writeEntries(p, m, Map.of("note", "quote \" and \\ and \u00e9\n"));
        SafeTensorFile f = SafeTensors.read(p);
        assertEquals(java.util.List.of("w", "idx", "s", "empty"), java.util.List.copyOf(f.tensors().keySet()));
        assertArrayEquals(new int[] {2, 3}, f.entry("w").shape());
        assertArrayEquals(m.get("w").floats(), f.entry("w").floats());
        assertEquals(DType.I64, f.entry("idx").dtype());
        assertArrayEquals(new long[] {0, -1, Long.MAX_VALUE}, f.entry("idx").longs());
        assertArrayEquals(new int[0], f.entry("s").shape());
        assertEquals(42f, f.tensor("s").item());
        assertArrayEquals(new int[] {0, 4}, f.entry("empty").shape());
        assertEquals("quote \" and \\ and \u00e9\n", f.metadata().get("note"));
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "header padded to a multiple of 8");
    }

    @Test
    void writesTensorsFromViews() throws IOException {
        Path p = dir.resolve("t.safetensors");
        Tensor t = Tensor.arange(6).reshape(2, 3).transpose(0, 1);
        SafeTensors.write(p, Map.of("t", t), Map.of());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, SafeTensors.read(p).entry("t").floats());
        assertArrayEquals(new int[] {3, 2}, SafeTensors.read(p).entry("t").shape());
    }

    @Test
    void readsF16AsFloat() throws IOException {
        short[] halves = {0x3C00, (short) 0xC000, 0x3800, 0x0001, 0x7C00, (short) 0xFBFF};
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            data.putShort(h);
        }
        Path p = file("h", "{\"x\":{\"dtype\":\"F16\",\"shape\":[6],\"data_offsets\":[0,12]}}", data.array());
        TensorEntry e = SafeTensors.read(p).entry("x");
        assertEquals(DType.F16, e.dtype());
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 0x1.0p-24f, Float.POSITIVE_INFINITY, -65504f}, e.floats());
    }

    @Test
    void readsPublicReferenceCase() throws IOException {
        Path ref = Path.of(System.getProperty("colorize.reference.dir", "src/test/resources/reference"));
        SafeTensorFile f = SafeTensors.read(ref.resolve("reduction/max_dim1.safetensors"));
        assertArrayEquals(new int[] {2, 3, 5, 4}, f.entry("input").shape());
        assertEquals(DType.I64, f.entry("indices").dtype());
        assertTrue(f.metadata().get("case").contains("\"op\": \"max\""));
    }

    @Test
    void readsTheSameFromMemoryAsFromTheFile() throws IOException {
        Path p = dir.resolve("m.safetensors");
        Map<String, TensorEntry> m = new LinkedHashMap<>();
        m.put("w", TensorEntry.ofFloats(new float[] {1f, -2.5f, 3e-8f, 6f}, 2, 2));
        m.put("num_batches_tracked", TensorEntry.ofLongs(new long[] {7}));
        SafeTensors.writeEntries(p, m, Map.of("k", "v"));
        SafeTensorFile f = SafeTensors.read(Files.readAllBytes(p), "classpath:/m.safetensors");
        assertEquals(java.util.List.of("w", "num_batches_tracked"), java.util.List.copyOf(f.tensors().keySet()));
        assertArrayEquals(m.get("w").floats(), f.entry("w").floats());
        assertArrayEquals(new int[] {2, 2}, f.entry("w").shape());
        assertEquals(DType.I64, f.entry("num_batches_tracked").dtype());
        assertArrayEquals(new long[] {7}, f.entry("num_batches_tracked").longs());
        assertEquals(Map.of("k", "v"), f.metadata());
        assertEquals("classpath:/m.safetensors", f.source());
        assertEquals(null, f.path());
        java.util.NoSuchElementException missing = assertThrows(java.util.NoSuchElementException.class,
                () -> f.entry("absent"));
        assertTrue(missing.getMessage().startsWith("classpath:/m.safetensors: no tensor 'absent'"), missing.getMessage());
        assertEquals(p.toString(), SafeTensors.read(p).source());
    }

    @Test
    void toBytesIsWhatWriteStores() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("b.weight", Tensor.arange(6).reshape(2, 3).transpose(0, 1));
        t.put("a.scalar", Tensor.scalar(7f));
        byte[] bytes = SafeTensors.toBytes(t, Map.of("k", "v"));
        Path p = dir.resolve("b.safetensors");
        SafeTensors.write(p, t, Map.of("k", "v"));
        assertArrayEquals(Files.readAllBytes(p), bytes);
        SafeTensorFile f = SafeTensors.read(bytes, "mem");
        assertEquals(java.util.List.of("b.weight", "a.scalar"), java.util.List.copyOf(f.tensors().keySet()));
        assertArrayEquals(new int[] {3, 2}, f.entry("b.weight").shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, f.entry("b.weight").floats());
        assertArrayEquals(new int[0], f.entry("a.scalar").shape());
        assertEquals("v", f.metadata().get("k"));
    }

    @Test
    void failedWriteLeavesExistingFileIntact() throws IOException {
        Path p = dir.resolve("keep.safetensors");
        SafeTensors.writeEntries(p, Map.of("a", TensorEntry.ofFloats(new float[] {1f}, 1)), Map.of());
        byte[] before = Files.readAllBytes(p);
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.writeEntries(p, Map.of("__metadata__", TensorEntry.ofFloats(new float[] {2f}, 1)), Map.of()));
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    // ------------------------------------------------------------ malformed files

    private static final String GOOD = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void tooShortForHeaderLength() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[] {1, 2, 3});
        expect(p, "too short");
    }

    @Test
    void headerLengthBeyondFile() throws IOException {
        expect(raw("beyond", 1000, GOOD.getBytes(StandardCharsets.UTF_8), new byte[8]), "past the end of the file");
    }

    @Test
    void hugeHeaderLength() throws IOException {
        expect(raw("huge", Long.MAX_VALUE, GOOD.getBytes(StandardCharsets.UTF_8), new byte[8]), "header length");
        expect(raw("negative", -8L, GOOD.getBytes(StandardCharsets.UTF_8), new byte[8]), "header length");
    }

    @Test
    void truncatedHeaderText() throws IOException {
        byte[] h = GOOD.getBytes(StandardCharsets.UTF_8);
        expect(raw("trunc", h.length, java.util.Arrays.copyOf(h, h.length - 5), new byte[0]), "past the end of the file");
    }

    @Test
    void badJson() throws IOException {
        expect(file("badjson", "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],", new byte[8]), "bad header");
        expect(file("notobject", "[1,2]", new byte[0]), "not a JSON object");
        expect(file("dupkey", "{\"a\":1,\"a\":2}", new byte[0]), "duplicate key");
        expect(file("deep", "[".repeat(200) + "]".repeat(200), new byte[0]), "nesting");
        expect(raw("utf8", 8, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}', ' '}, new byte[0]), "UTF-8");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        expect(file("range", "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]),
                "past the end of the data section");
    }

    @Test
    void overlappingOffsets() throws IOException {
        expect(file("overlap", "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "overlap");
    }

    @Test
    void nonContiguousOffsets() throws IOException {
        expect(file("gap", "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "not contiguous");
        expect(file("trailing", GOOD, new byte[12]), "trailing bytes");
    }

    @Test
    void shapeOffsetMismatch() throws IOException {
        expect(file("mismatch", "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
                "needs 12 bytes");
        expect(file("hugeshape", "{\"x\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,8]}}",
                new byte[8]), "more than 2^31");
        expect(file("negdim", "{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]),
                "non-negative integer");
        expect(file("reversed", "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8]),
                "begin <= end");
    }

    @Test
    void unknownDtype() throws IOException {
        expect(file("dtype", "{\"x\":{\"dtype\":\"Q8\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]),
                "unsupported dtype 'Q8'");
        expect(file("nodtype", "{\"x\":{\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "dtype");
    }

    @Test
    void nonStringMetadata() throws IOException {
        expect(file("meta", "{\"__metadata__\":{\"a\":1}}", new byte[0]), "not a string");
    }

    private Path file(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        byte[] hp = java.util.Arrays.copyOf(h, padded);
        java.util.Arrays.fill(hp, h.length, padded, (byte) ' ');
        return raw(name, padded, hp, data);
    }

    private Path raw(String name, long headerLen, byte[] header, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLen).array());
        out.write(header);
        out.write(data);
        Path p = dir.resolve(name + ".safetensors");
        Files.write(p, out.toByteArray());
        return p;
    }

    /** The file and the same bytes read from memory both fail, with the same problem, each naming its source. */
    private static void expect(Path p, String problem) throws IOException {
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains(p.getFileName().toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "names the problem '" + problem + "': " + e.getMessage());
        assertEquals(p.toString(), e.source());

        byte[] bytes = Files.readAllBytes(p);
        String source = "memory:" + p.getFileName();
        SafeTensorsException m = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(bytes, source));
        assertEquals(source + ": " + e.problem(), m.getMessage(), "same check and message as the file reader");
        assertEquals(source, m.source());
    }
}
