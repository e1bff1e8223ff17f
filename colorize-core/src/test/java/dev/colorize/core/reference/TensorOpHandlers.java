package dev.colorize.core.reference;

import dev.colorize.core.ops.Reductions;
import dev.colorize.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/** Handlers for the tensor-level groups: elementwise, activation, reduction, matmul, softmax, shape. */
final class TensorOpHandlers {
    private TensorOpHandlers() {
    }

    static void register(Map<String, CaseHandler> m) {
        binary(m, "add", Tensor::add);
        binary(m, "sub", Tensor::sub);
        binary(m, "mul", Tensor::mul);
        binary(m, "div", Tensor::div);
        binary(m, "maximum", Tensor::maximum);
        binary(m, "minimum", Tensor::minimum);
        unary(m, "neg", c -> Tensor::neg);
        unary(m, "exp", c -> Tensor::exp);
        unary(m, "log", c -> Tensor::log);
        unary(m, "sqrt", c -> Tensor::sqrt);
        unary(m, "abs", c -> Tensor::abs);
        unary(m, "relu", c -> Tensor::relu);
        unary(m, "tanh", c -> Tensor::tanh);
        unary(m, "sigmoid", c -> Tensor::sigmoid);
        unary(m, "pow", c -> x -> x.pow(c.floatParam("exponent")));
        unary(m, "leaky_relu", c -> x -> x.leakyRelu(c.floatParam("negative_slope")));
        unary(m, "softplus", c -> x -> x.softplus(c.floatParam("beta"), c.floatParam("threshold")));
        unary(m, "clamp", c -> x -> x.clamp(bound(c, "min"), bound(c, "max")));
        unary(m, "sum", c -> x -> x.sum(dims(c, x), c.bool("keepdim")));
        unary(m, "mean", c -> x -> x.mean(dims(c, x), c.bool("keepdim")));
        unary(m, "var", c -> x -> x.var(dims(c, x), c.bool("unbiased"), c.bool("keepdim")));
        unary(m, "softmax", c -> x -> x.softmax(c.intParam("dim")));
        unary(m, "log_softmax", c -> x -> x.logSoftmax(c.intParam("dim")));
        m.put("max", TensorOpHandlers::max);
        m.put("matmul", TensorOpHandlers::matmul);
        unary(m, "reshape", c -> x -> x.reshape(c.ints("shape")));
        unary(m, "permute", c -> x -> x.permute(c.ints("dims")));
        unary(m, "transpose", c -> x -> x.transpose(c.intParam("dim0"), c.intParam("dim1")));
        unary(m, "permute_reshape", c -> x -> x.permute(c.ints("dims")).reshape(c.ints("shape")));
        unary(m, "expand", c -> x -> x.expand(c.ints("shape")));
        unary(m, "slice", c -> x -> slice(c, x));
        m.put("cat", c -> variadic(c, ts -> Tensor.cat(c.intParam("dim"), ts)));
        m.put("stack", c -> variadic(c, ts -> Tensor.stack(c.intParam("dim"), ts)));
    }

    /** A one-input op: output and grad_input. */
    static void unary(Map<String, CaseHandler> m, String op, Function<ReferenceCase, Function<Tensor, Tensor>> f) {
        m.put(op, c -> {
            Tensor x = c.input("input");
            Tensor y = f.apply(c).apply(x);
            c.expect("output", y);
            c.expectGradients(y);
        });
    }

    private static void binary(Map<String, CaseHandler> m, String op, BinaryOperator<Tensor> f) {
        m.put(op, c -> {
            Tensor y = f.apply(c.input("input"), c.input("other"));
            c.expect("output", y);
            c.expectGradients(y);
        });
    }

    private static float bound(ReferenceCase c, String key) {
        return c.isNull(key) ? Float.NaN : c.floatParam(key);
    }

    /** {@code dim}: null means all dimensions; an int or a list otherwise. */
    private static int[] dims(ReferenceCase c, Tensor x) {
        if (c.isNull("dim")) {
            return null;
        }
        Object d = c.param("dim");
        return d instanceof Number ? new int[] {c.intParam("dim")} : c.ints("dim");
    }

    private static void max(ReferenceCase c) {
        Tensor x = c.input("input");
        Reductions.MaxResult r = x.max(c.intParam("dim"), c.bool("keepdim"));
        c.expect("output", r.values());
        c.expectLongs("indices", r.indexArray(), r.indices().shape());
        c.expectGradients(r.values());
    }

    /** transpose_input / transpose_other: the stored tensor is transposed in its last two dims first. */
    private static void matmul(ReferenceCase c) {
        Tensor a = c.input("input");
        Tensor b = c.input("other");
        Tensor lhs = c.bool("transpose_input") ? a.transpose(-2, -1) : a;
        Tensor rhs = c.bool("transpose_other") ? b.transpose(-2, -1) : b;
        Tensor y = lhs.matmul(rhs);
        c.expect("output", y);
        c.expectGradients(y);
    }

    private static Tensor slice(ReferenceCase c, Tensor x) {
        List<Object> slices = c.list("slices");
        if (slices.size() > x.dim()) {
            throw new IllegalArgumentException(c.name() + ": " + slices.size() + " slices for rank " + x.dim());
        }
        Tensor y = x;
        for (int d = 0; d < slices.size(); d++) {
            List<?> s = (List<?>) slices.get(d);
            int step = s.size() > 2 && s.get(2) != null ? ((Number) s.get(2)).intValue() : 1;
            int start = s.get(0) == null ? 0 : ((Number) s.get(0)).intValue();
            int stop = s.get(1) == null ? x.size(d) : ((Number) s.get(1)).intValue();
            y = y.slice(d, start, stop, step);
        }
        return y;
    }

    /** cat / stack over inputs input.0, input.1, ... (as many as the file holds). */
    private static void variadic(ReferenceCase c, Function<Tensor[], Tensor> f) {
        List<Tensor> ts = new ArrayList<>();
        for (int i = 0; c.has("input." + i); i++) {
            ts.add(c.input("input." + i));
        }
        Tensor y = f.apply(ts.toArray(new Tensor[0]));
        c.expect("output", y);
        c.expectGradients(y);
    }
}
