package dev.colorize.core.reference;

import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.io.DType;
import dev.colorize.core.io.Json;
import dev.colorize.core.io.SafeTensorFile;
import dev.colorize.core.io.TensorEntry;
import dev.colorize.core.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One reference case file: typed access to its tensors and {@code case} parameters, and the checks
 * against the expected tensors with the file's tolerance
 * {@code |a - e| <= atol * max(1, max|e|) + rtol * |e|}.
 *
 * <p>Every tensor of the file must be either read as an input ({@link #input}, {@link #longs},
 * {@link #entry}) or checked ({@link #expect}); the runner fails a case that leaves one untouched,
 * so a handler cannot silently skip an output or a gradient. {@link #input} marks a tensor as
 * requiring grad exactly when the file holds its {@code grad_<name>}.
 */
public final class ReferenceCase {
    private final Path file;
    private final String name;
    private final SafeTensorFile data;
    private final Map<String, Object> params;
    private final double rtol;
    private final double atol;
    private final Set<String> used = new LinkedHashSet<>();
    private final Set<String> checked = new LinkedHashSet<>();
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();

    ReferenceCase(Path file, String name, SafeTensorFile data) {
        this.file = file;
        this.name = name;
        this.data = data;
        String caseJson = data.metadata().get("case");
        String tolJson = data.metadata().get("tolerance");
        if (caseJson == null || tolJson == null) {
            throw new IllegalStateException(file + ": metadata lacks 'case' or 'tolerance'");
        }
        this.params = Json.object(Json.parse(caseJson), file + " case");
        Map<String, Object> tol = Json.object(Json.parse(tolJson), file + " tolerance");
        this.rtol = ((Number) tol.get("rtol")).doubleValue();
        this.atol = ((Number) tol.get("atol")).doubleValue();
    }

    /** The case's path relative to the case directory, without extension, e.g. {@code conv2d/k4s2p1_3to8_bias}. */
    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    /** A file next to this one (e.g. the {@code params_file} of a split model case). */
    public Path sibling(String fileName) {
        return file.resolveSibling(fileName);
    }

    public String op() {
        return string("op");
    }

    public double rtol() {
        return rtol;
    }

    public double atol() {
        return atol;
    }

    /** The raw file (does not mark anything as used). */
    public SafeTensorFile data() {
        return data;
    }

    // ---------------------------------------------------------------- tensors

    public boolean has(String tensor) {
        return data.has(tensor);
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return data.tensors().keySet();
    }

    /**
     * The input called {@code tensor} as a new float tensor (I64 converted); it requires grad
     * exactly when the file holds {@code grad_<tensor>}.
     */
    public Tensor input(String tensor) {
        Tensor t = entry(tensor).toTensor();
        if (has("grad_" + tensor)) {
            t.requiresGrad(true);
        }
        inputs.put(tensor, t);
        return t;
    }

    /** An I64 (or integral float) tensor's values. */
    public long[] longs(String tensor) {
        TensorEntry e = entry(tensor);
        if (e.dtype() == DType.I64) {
            return e.longs();
        }
        float[] f = e.floats();
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (long) f[i];
            if (out[i] != f[i]) {
                fail(name + ": tensor '" + tensor + "' holds non-integer " + f[i]);
            }
        }
        return out;
    }

    /** The raw entry, marked as used. */
    public TensorEntry entry(String tensor) {
        if (!data.has(tensor)) {
            fail(name + ": the file has no tensor '" + tensor + "' (has " + names() + ")");
        }
        used.add(tensor);
        return data.entry(tensor);
    }

    /** Marks tensors as consumed by the handler in some other way (e.g. loaded into a model). */
    public void markUsed(String... tensors) {
        used.addAll(Arrays.asList(tensors));
    }

    // ---------------------------------------------------------------- parameters

    public Map<String, Object> params() {
        return params;
    }

    public boolean hasParam(String key) {
        return params.containsKey(key);
    }

    /** True when the parameter is absent or JSON null. */
    public boolean isNull(String key) {
        return params.get(key) == null;
    }

    public Object param(String key) {
        if (!params.containsKey(key)) {
            fail(name + ": case metadata has no parameter '" + key + "' (has " + params.keySet() + ")");
        }
        return params.get(key);
    }

    public String string(String key) {
        return (String) param(key);
    }

    public double number(String key) {
        return ((Number) param(key)).doubleValue();
    }

    public float floatParam(String key) {
        return (float) number(key);
    }

    public int intParam(String key) {
        return toInt(param(key), key);
    }

    public boolean bool(String key) {
        return (Boolean) param(key);
    }

    public int[] ints(String key) {
        List<?> list = (List<?>) param(key);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(list.get(i), key);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String key) {
        return (List<Object>) param(key);
    }

    private int toInt(Object v, String key) {
        double d = ((Number) v).doubleValue();
        if (d != Math.rint(d)) {
            fail(name + ": parameter '" + key + "' = " + v + " is not an integer");
        }
        return (int) d;
    }

    // ---------------------------------------------------------------- checks

    /** Compares {@code actual} with the file's tensor {@code expected} (shape and values within tolerance). */
    public void expect(String expected, Tensor actual) {
        TensorEntry e = expectedEntry(expected);
        if (!Arrays.equals(e.shape(), actual.shape())) {
            fail(name + ": '" + expected + "' has shape " + Arrays.toString(actual.shape()) + ", expected "
                    + Arrays.toString(e.shape()));
        }
        float[] want = e.dtype() == DType.I64 ? toFloats(e.longs()) : e.floats();
        compare(expected, actual.toArray(), want);
    }

    /** Compares integer results (e.g. arg-max indices) exactly. */
    public void expectLongs(String expected, long[] actual, int[] shape) {
        TensorEntry e = expectedEntry(expected);
        if (!Arrays.equals(e.shape(), shape)) {
            fail(name + ": '" + expected + "' has shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(e.shape()));
        }
        long[] want = e.dtype() == DType.I64 ? e.longs() : toLongs(e.floats());
        for (int i = 0; i < want.length; i++) {
            if (want[i] != actual[i]) {
                fail(name + ": '" + expected + "' differs at flat index " + i + ": " + actual[i] + " vs expected " + want[i]);
            }
        }
    }

    /**
     * Checks {@code grad_<name>} = d sum(output * grad_output) / d input for every input read with
     * {@link #input} that requires grad.
     */
    public void expectGradients(Tensor output) {
        Map<String, Tensor> wanted = new LinkedHashMap<>();
        inputs.forEach((k, t) -> {
            if (t.requiresGrad()) {
                wanted.put(k, t);
            }
        });
        expectGradients(output, wanted);
    }

    /** Checks {@code grad_<key>} for each given tensor, using the file's {@code grad_output}. */
    public void expectGradients(Tensor output, Map<String, Tensor> wrt) {
        if (wrt.isEmpty()) {
            fail(name + ": no inputs to differentiate (the file has no grad_* for the inputs read)");
        }
        Tensor gradOutput = entry("grad_output").toTensor();
        List<String> keys = new ArrayList<>(wrt.keySet());
        List<Tensor> grads = Autograd.grad(List.of(output), List.of(gradOutput), new ArrayList<>(wrt.values()), false);
        for (int i = 0; i < keys.size(); i++) {
            expect("grad_" + keys.get(i), grads.get(i));
        }
    }

    private TensorEntry expectedEntry(String expected) {
        if (!data.has(expected)) {
            fail(name + ": the file has no expected tensor '" + expected + "' (has " + names() + ")");
        }
        if (!checked.add(expected)) {
            fail(name + ": '" + expected + "' checked twice");
        }
        return data.entry(expected);
    }

    private void compare(String tensor, float[] actual, float[] want) {
        double scale = 1;
        for (float w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        int bad = 0;
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < want.length; i++) {
            double allowed = atol * scale + rtol * Math.abs(want[i]);
            double err = Math.abs((double) actual[i] - want[i]);
            boolean ok = err <= allowed || (actual[i] == want[i]);
            if (!ok || Double.isNaN(err)) {
                bad++;
                double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / Math.max(allowed, Double.MIN_VALUE);
                if (worst < 0 || ratio > worstRatio) {
                    worst = i;
                    worstRatio = ratio;
                }
            }
        }
        if (bad > 0) {
            fail(String.format("%s: '%s' differs in %d of %d elements; worst at flat index %d: actual %s, expected %s,"
                            + " allowed error %.3g (rtol %g, atol %g x %.3g)", name, tensor, bad, want.length, worst,
                    actual[worst], want[worst], atol * scale + rtol * Math.abs(want[worst]), rtol, atol, scale));
        }
    }

    /** Called by the runner after the handler: every tensor must have been read or checked. */
    void assertAllTensorsConsumed() {
        if (checked.isEmpty()) {
            fail(name + ": the handler checked nothing");
        }
        List<String> untouched = new ArrayList<>();
        for (String t : names()) {
            if (!used.contains(t) && !checked.contains(t)) {
                untouched.add(t);
            }
        }
        if (!untouched.isEmpty()) {
            fail(name + ": tensors neither used as input nor checked: " + untouched);
        }
    }

    private static float[] toFloats(long[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    private static long[] toLongs(float[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = (long) v[i];
        }
        return l;
    }

    @Override
    public String toString() {
        return name + " [" + params.get("op") + "]";
    }
}
