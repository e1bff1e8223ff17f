package dev.colorize.core.reference;

import dev.colorize.core.F;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/** Handlers for the second-order group: double_backward of small functions and the WGAN-GP penalty. */
final class SecondOrderHandlers {
    private SecondOrderHandlers() {
    }

    static void register(Map<String, CaseHandler> m) {
        m.put("double_backward", SecondOrderHandlers::doubleBackward);
        m.put("wgan_gp", SecondOrderHandlers::wganGp);
    }

    private static BinaryOperator<Tensor> function(ReferenceCase c) {
        String f = c.string("function");
        return switch (f) {
            case "tanh_mul" -> (x, y) -> x.tanh().mul(y).sum();
            case "sigmoid_exp" -> (x, y) -> x.sigmoid().mul(y.exp()).sum();
            case "softplus_pow" -> (x, y) -> x.softplus().mul(y.pow(2f)).sum();
            case "tanh_matmul" -> (x, y) -> x.matmul(y).tanh().sum();
            default -> throw new UnsupportedOperationException(c.name() + ": unknown double_backward function '" + f + "'");
        };
    }

    /** value = f(x, y); output = df/dx (with graph); grads of sum(output * grad_output) = second derivatives. */
    private static void doubleBackward(ReferenceCase c) {
        Tensor x = c.input("input");
        Tensor y = c.input("other");
        Tensor value = function(c).apply(x, y);
        Tensor dx = NetworkOpHandlers.gradWithGraph(value, x);
        c.expect("value", value);
        c.expect("output", dx);
        c.expectGradients(dx);
    }

    /** The critic from the case's layer list: conv2d (weightK/biasK, K from 1), leaky_relu, mean. */
    private static Tensor critic(ReferenceCase c, Tensor x, Map<String, Tensor> params) {
        Tensor h = x;
        int conv = 0;
        for (Object o : c.list("critic")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> layer = (Map<String, Object>) o;
            String kind = (String) layer.get("layer");
            switch (kind) {
                case "conv2d" -> {
                    conv++;
                    Tensor w = params.computeIfAbsent("weight" + conv, c::input);
                    Tensor b = Boolean.TRUE.equals(layer.get("bias")) ? params.computeIfAbsent("bias" + conv, c::input) : null;
                    int[] stride = ints(layer.get("stride"));
                    int[] padding = ints(layer.get("padding"));
                    h = F.conv2d(h, w, b, ConvSpec.of(stride, padding, new int[] {1, 1}));
                }
                case "leaky_relu" -> h = h.leakyRelu(((Number) layer.get("negative_slope")).floatValue());
                case "mean" -> h = h.mean(ints(layer.get("dim")), false);
                default -> throw new UnsupportedOperationException(c.name() + ": unknown critic layer '" + kind + "'");
            }
        }
        return h;
    }

    private static int[] ints(Object list) {
        List<?> l = (List<?>) list;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }

    /** x_hat = eps*real + (1-eps)*fake; penalty = lambda * mean((||dD/dx_hat|| - 1)^2). */
    private static void wganGp(ReferenceCase c) {
        Tensor real = c.input("real");
        Tensor fake = c.input("fake");
        Tensor eps = c.input("eps");
        Tensor xHat = eps.mul(real).add(eps.rsub(1f).mul(fake));
        Map<String, Tensor> params = new java.util.LinkedHashMap<>();
        Tensor score = critic(c, xHat, params);
        Tensor g = NetworkOpHandlers.gradWithGraph(score.sum(), xHat);
        int[] perSample = new int[g.dim() - 1];
        for (int i = 0; i < perSample.length; i++) {
            perSample[i] = i + 1;
        }
        Tensor norm = g.mul(g).sum(perSample, false).sqrt();
        float lambda = c.hasParam("lambda") ? c.floatParam("lambda") : 1f;
        Tensor penalty = norm.sub(1f).pow(2f).mean().mul(lambda);
        c.expect("x_hat", xHat);
        c.expect("critic_output", score);
        c.expect("critic_grad", g);
        c.expect("grad_norm", norm);
        c.expect("output", penalty);
        c.expectGradients(penalty);
    }
}
