package dev.colorize.gan;

import dev.colorize.core.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Safetensors bytes &lt;-&gt; named float tensors + string metadata, for model files. F32 and I64 are
 * read (I64 as exact float values, e.g. {@code num_batches_tracked}); F32 is written. Every offset
 * and shape is checked against the file before use.
 *
 * <p>Stop-gap until colorize-core's {@code dev.colorize.core.io.SafeTensors} is on main; then this
 * class should delegate to it.
 */
final class SafetensorsCodec {
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsCodec() {
    }

    record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    @SuppressWarnings("unchecked")
    static Contents decode(byte[] bytes, String source) throws ModelFormatException {
        if (bytes.length < 8) {
            throw new ModelFormatException(source, "not a safetensors file (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 2 || n > MAX_HEADER || 8 + n > bytes.length) {
            throw new ModelFormatException(source, "not a safetensors file: header length " + n
                    + " does not fit a file of " + bytes.length + " bytes");
        }
        Map<String, Object> header;
        try {
            Object parsed = MiniJson.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map)) {
                throw new IllegalArgumentException("header is not a JSON object");
            }
            header = (Map<String, Object>) parsed;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source, "corrupt safetensors header: " + e.getMessage(), e);
        }
        int base = 8 + (int) n;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
                }
                continue;
            }
            tensors.put(e.getKey(), tensor(e.getKey(), e.getValue(), buf, base, source));
        }
        return new Contents(tensors, metadata);
    }

    private static Tensor tensor(String name, Object spec, ByteBuffer buf, int base, String source)
            throws ModelFormatException {
        if (!(spec instanceof Map<?, ?> m) || !(m.get("dtype") instanceof String dtype)
                || !(m.get("shape") instanceof List<?> shapeList) || !(m.get("data_offsets") instanceof List<?> offs)
                || offs.size() != 2) {
            throw new ModelFormatException(source, "tensor '" + name + "': malformed header entry " + spec);
        }
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = ((Number) shapeList.get(i)).intValue();
            numel *= shape[i];
        }
        long begin = ((Number) offs.get(0)).longValue(), end = ((Number) offs.get(1)).longValue();
        int width = switch (dtype) {
            case "F32" -> 4;
            case "I64" -> 8;
            default -> throw new ModelFormatException(source, "tensor '" + name + "': dtype " + dtype
                    + " not supported (F32, I64)");
        };
        if (begin < 0 || end < begin || base + end > buf.capacity() || end - begin != numel * width) {
            throw new ModelFormatException(source, "tensor '" + name + "' " + dtype + java.util.Arrays.toString(shape)
                    + ": data_offsets [" + begin + ", " + end + "] do not fit its shape or the file ("
                    + (buf.capacity() - base) + " data bytes); the file is truncated or corrupt");
        }
        float[] data = new float[(int) numel];
        int at = base + (int) begin;
        for (int i = 0; i < data.length; i++, at += width) {
            data[i] = width == 4 ? buf.getFloat(at) : (float) buf.getLong(at);
        }
        return Tensor.of(data, shape);
    }

    static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            int[] shape = e.getValue().shape();
            long size = 4L * e.getValue().numel();
            json.append(MiniJson.quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(shape).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + size).append("]},");
            offset += size;
        }
        json.append("\"__metadata__\":{");
        String sep = "";
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            json.append(sep).append(MiniJson.quote(e.getKey())).append(':').append(MiniJson.quote(e.getValue()));
            sep = ",";
        }
        json.append("}}");
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(header);
        for (int i = header.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            for (float v : t.contiguous().toArray()) {
                out.putFloat(v);
            }
        }
        return out.array();
    }
}
