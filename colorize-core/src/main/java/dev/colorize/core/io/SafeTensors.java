package dev.colorize.core.io;

import dev.colorize.core.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
 * JSON header ({@code name -> {dtype, shape, data_offsets}} plus an optional {@code __metadata__}
 * map of strings), then the tensors' bytes, little endian, row-major.
 *
 * <p>Reading validates the whole header against the file size before allocating anything, so a
 * malformed or hostile file gives a {@link SafeTensorsException} naming the file and the problem,
 * never an OutOfMemoryError or an index exception. Writing goes to a temporary file in the same
 * directory, which is then renamed over the target: a failed write never damages an existing file.
 * An image held in memory (e.g. a classpath resource) is read with the same checks by
 * {@link #read(byte[], String)}, errors naming the given source instead of a file.
 *
 * <pre>{@code
 * SafeTensors.write(path, Map.of("weight", w), Map.of("epoch", "3"));
 * Tensor w2 = SafeTensors.read(path).tensor("weight");
 * Tensor w3 = SafeTensors.read(SafeTensors.toBytes(Map.of("weight", w), Map.of()), "memory").tensor("weight");
 * }</pre>
 */
public final class SafeTensors {
    /** Same limit as the reference implementation: headers above 100 MB are refused. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    private static final int CHUNK = 1 << 16;
    private static final String METADATA = "__metadata__";

    private SafeTensors() {
    }

    // ---------------------------------------------------------------- reading

    /** Reads every tensor and the metadata of {@code path}. */
    public static SafeTensorFile read(Path path) throws IOException {
        return read(path, true);
    }

    /**
     * Reads only the {@code __metadata__} map of {@code path} (the header is fully validated
     * against the file size, the tensor data is not read).
     */
    public static Map<String, String> readMetadata(Path path) throws IOException {
        return read(path, false).metadata();
    }

    private static SafeTensorFile read(Path path, boolean withData) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(ByteSource.of(ch), path.toString(), path, withData);
        }
    }

    /**
     * Parses the safetensors image in {@code bytes} with the same checks as {@link #read(Path)};
     * errors name {@code source} (e.g. {@code "classpath:/model.safetensors"}). The array is not
     * copied and must not change while this runs.
     */
    public static SafeTensorFile read(byte[] bytes, String source) throws SafeTensorsException {
        try {
            return read(ByteSource.of(bytes), source, null, true);
        } catch (SafeTensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory read cannot fail: " + source, e);
        }
    }

    /** The one reader behind both: {@code path} is null for an in-memory image. */
    private static SafeTensorFile read(ByteSource in, String source, Path path, boolean withData) throws IOException {
        long size = in.size();
        if (size < 8) {
            throw new SafeTensorsException(source, "file of " + size + " bytes is too short for the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(in, lenBuf, 0, source);
        long headerLen = lenBuf.flip().getLong();
        if (headerLen < 2 || Long.compareUnsigned(headerLen, MAX_HEADER_BYTES) > 0) {
            throw new SafeTensorsException(source, "header length " + Long.toUnsignedString(headerLen)
                    + " is outside [2, " + MAX_HEADER_BYTES + "]");
        }
        if (headerLen > size - 8) {
            throw new SafeTensorsException(source, "header length " + headerLen + " runs past the end of the file ("
                    + size + " bytes)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(in, hb, 8, source);
        String headerText = decodeUtf8(hb.flip(), source);
        Header header = parseHeader(headerText, size - 8 - headerLen, source);
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (Slot slot : withData ? header.slots : List.<Slot>of()) {
            tensors.put(slot.name, readData(in, 8 + headerLen, slot, source));
        }
        return new SafeTensorFile(path, source, tensors, header.metadata);
    }

    private static String decodeUtf8(ByteBuffer bytes, String source) throws SafeTensorsException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(source, "header is not valid UTF-8", e);
        }
    }

    /** One tensor's place in the data section. */
    private record Slot(String name, DType dtype, int[] shape, long begin, long end) {
    }

    private record Header(List<Slot> slots, Map<String, String> metadata) {
    }

    private static Header parseHeader(String text, long dataBytes, String source) throws SafeTensorsException {
        Map<String, Object> root;
        try {
            root = Json.object(Json.parse(text), "header");
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(source, "bad header: " + e.getMessage(), e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Slot> slots = new ArrayList<>();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                readMetadata(e.getValue(), metadata, source);
            } else {
                slots.add(parseSlot(e.getKey(), e.getValue(), source));
            }
        }
        checkLayout(slots, dataBytes, source);
        return new Header(slots, metadata);
    }

    private static void readMetadata(Object value, Map<String, String> out, String source) throws SafeTensorsException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(source, "__metadata__ is not a JSON object");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafeTensorsException(source, "__metadata__ value of '" + e.getKey() + "' is not a string");
            }
            out.put((String) e.getKey(), s);
        }
    }

    private static Slot parseSlot(String name, Object value, String source) throws SafeTensorsException {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(source, where + ": header entry is not a JSON object");
        }
        Object dt = m.get("dtype");
        if (!(dt instanceof String dts)) {
            throw new SafeTensorsException(source, where + ": missing or non-string \"dtype\"");
        }
        DType dtype = DType.fromHeader(dts);
        if (dtype == null) {
            throw new SafeTensorsException(source, where + ": unsupported dtype '" + dts + "' (supported: F32, F16, I64)");
        }
        long[] dims = longList(m.get("shape"), where + ": \"shape\"", source);
        long[] offsets = longList(m.get("data_offsets"), where + ": \"data_offsets\"", source);
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new SafeTensorsException(source, where + ": \"data_offsets\" must be [begin, end] with begin <= end");
        }
        int[] shape = new int[dims.length];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw new SafeTensorsException(source, where + ": dimension " + dims[i] + " is too large");
            }
            shape[i] = (int) dims[i];
            numel = numel == 0 || dims[i] == 0 ? 0 : numel * dims[i];
            if (numel > Integer.MAX_VALUE - 16) {
                throw new SafeTensorsException(source, where + ": shape " + java.util.Arrays.toString(dims)
                        + " has more than 2^31 elements");
            }
        }
        long bytes = numel * dtype.bytes();
        if (offsets[1] - offsets[0] != bytes) {
            throw new SafeTensorsException(source, where + ": shape " + java.util.Arrays.toString(shape) + " of " + dtype
                    + " needs " + bytes + " bytes but data_offsets [" + offsets[0] + ", " + offsets[1] + "] span "
                    + (offsets[1] - offsets[0]));
        }
        return new Slot(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longList(Object value, String what, String source) throws SafeTensorsException {
        if (!(value instanceof List<?> list)) {
            throw new SafeTensorsException(source, what + " is missing or not an array");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new SafeTensorsException(source, what + " holds " + Json.describe(list.get(i))
                        + ", not a non-negative integer");
            }
            out[i] = v;
        }
        return out;
    }

    /** The tensors must tile the data section exactly: sorted by begin, no gaps, no overlaps. */
    private static void checkLayout(List<Slot> slots, long dataBytes, String source) throws SafeTensorsException {
        List<Slot> sorted = new ArrayList<>(slots);
        sorted.sort((a, b) -> a.begin != b.begin ? Long.compare(a.begin, b.begin) : Long.compare(a.end, b.end));
        long expected = 0;
        for (Slot s : sorted) {
            if (s.end > dataBytes) {
                throw new SafeTensorsException(source, "tensor '" + s.name + "': data_offsets [" + s.begin + ", " + s.end
                        + "] run past the end of the data section (" + dataBytes
                        + " bytes): the file is truncated or its header is wrong");
            }
            if (s.begin < expected) {
                throw new SafeTensorsException(source, "tensor '" + s.name + "': data_offsets [" + s.begin + ", " + s.end
                        + "] overlap the previous tensor, which ends at " + expected);
            }
            if (s.begin > expected) {
                throw new SafeTensorsException(source, "tensor '" + s.name + "': data_offsets begin at " + s.begin
                        + " but the previous tensor ends at " + expected + " (data not contiguous)");
            }
            expected = s.end;
        }
        if (expected != dataBytes) {
            throw new SafeTensorsException(source, "tensors cover " + expected + " bytes but the data section has "
                    + dataBytes + " (trailing bytes or truncated header)");
        }
    }

    private static TensorEntry readData(ByteSource in, long dataStart, Slot slot, String source) throws IOException {
        int n = (int) ((slot.end - slot.begin) / slot.dtype.bytes());
        float[] floats = slot.dtype.isFloat() ? new float[n] : null;
        long[] longs = slot.dtype.isFloat() ? null : new long[n];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + slot.begin;
        int done = 0;
        while (done < n) {
            int count = Math.min(n - done, CHUNK / slot.dtype.bytes());
            buf.clear().limit(count * slot.dtype.bytes());
            readFully(in, buf, pos, source);
            buf.flip();
            for (int i = 0; i < count; i++) {
                switch (slot.dtype) {
                    case F32 -> floats[done + i] = buf.getFloat();
                    case F16 -> floats[done + i] = halfToFloat(buf.getShort());
                    case I64 -> longs[done + i] = buf.getLong();
                }
            }
            pos += (long) count * slot.dtype.bytes();
            done += count;
        }
        return TensorEntry.read(slot.dtype, slot.shape, floats, longs);
    }

    private static void readFully(ByteSource in, ByteBuffer buf, long position, String source) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = in.read(buf, pos);
            if (r < 0) {
                throw new SafeTensorsException(source, "unexpected end of file at byte " + pos);
            }
            pos += r;
        }
    }

    /** IEEE 754 binary16 to float32 (exact; subnormals, infinities and NaN included). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1.0p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    // ---------------------------------------------------------------- writing

    /** Writes float32 tensors and metadata atomically (temp file + rename). */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        writeEntries(path, floatEntries(tensors), metadata);
    }

    /** Writes entries of any supported dtype (use {@link TensorEntry#ofLongs} for I64) atomically. */
    public static void writeEntries(Path path, Map<String, TensorEntry> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = headerBytes(tensors, metadata == null ? Map.of() : metadata);
        AtomicFiles.write(path, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeImage(ch, header, tensors);
                ch.force(true);
            }
        });
    }

    /**
     * The bytes {@link #write} would put in a file, for in-memory use (read them back with
     * {@link #read(byte[], String)}).
     */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, TensorEntry> entries = floatEntries(tensors);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeImage(Channels.newChannel(out), headerBytes(entries, metadata == null ? Map.of() : metadata), entries);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static Map<String, TensorEntry> floatEntries(Map<String, Tensor> tensors) {
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            entries.put(e.getKey(), TensorEntry.of(e.getValue()));
        }
        return entries;
    }

    /** Header length, header, then each tensor's data in header order. */
    private static void writeImage(WritableByteChannel ch, byte[] header, Map<String, TensorEntry> tensors)
            throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        writeFully(ch, len.flip());
        writeFully(ch, ByteBuffer.wrap(header));
        for (TensorEntry e : tensors.values()) {
            writeData(ch, e);
        }
    }

    private static byte[] headerBytes(Map<String, TensorEntry> tensors, Map<String, String> metadata) {
        StringBuilder b = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            b.append(Json.quote(METADATA)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                b.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                sep = ",";
            }
            b.append('}');
        }
        long offset = 0;
        String sep = metadata.isEmpty() ? "" : ",";
        for (Map.Entry<String, TensorEntry> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: invalid tensor name '" + name + "'");
            }
            TensorEntry t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().bytes();
            b.append(sep).append(Json.quote(name)).append(":{\"dtype\":\"").append(t.dtype() == DType.I64 ? "I64" : "F32")
                    .append("\",\"shape\":").append(java.util.Arrays.toString(t.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            sep = ",";
        }
        b.append('}');
        byte[] json = b.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /** F16 entries are written as F32 (their values were widened on read). */
    private static void writeData(WritableByteChannel ch, TensorEntry e) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        if (e.dtype() == DType.I64) {
            for (long v : e.longs()) {
                if (buf.remaining() < 8) {
                    writeFully(ch, buf.flip());
                    buf.clear();
                }
                buf.putLong(v);
            }
        } else {
            for (float v : e.floats()) {
                if (buf.remaining() < 4) {
                    writeFully(ch, buf.flip());
                    buf.clear();
                }
                buf.putFloat(v);
            }
        }
        writeFully(ch, buf.flip());
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
