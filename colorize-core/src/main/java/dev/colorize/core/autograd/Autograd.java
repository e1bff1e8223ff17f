package dev.colorize.core.autograd;

import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.ShapeException;
import dev.colorize.core.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode engine: a topological sort of the graph behind the outputs and one pass in reverse,
 * calling each {@link Function#backward}. With {@code createGraph} the pass itself is recorded, so
 * its results can be differentiated again.
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * Accumulates d(sum(output * gradOutput))/d leaf into every leaf's {@code grad()}; frees the
     * graph's saved tensors on the way unless {@code createGraph} (see {@link #backward(Tensor, Tensor,
     * boolean, boolean)}).
     */
    public static void backward(Tensor output, Tensor gradOutput, boolean createGraph) {
        backward(output, gradOutput, createGraph, createGraph);
    }

    /**
     * As {@link #backward(Tensor, Tensor, boolean)}; without {@code retainGraph} every node the pass
     * goes through drops its inputs and saved tensors once its gradient is propagated (PyTorch's
     * {@code retain_graph=False}), so a GAN step's discriminator graphs do not stay alive through the
     * generator step just because the caller still holds the loss. A later backward through a freed
     * node throws.
     */
    public static void backward(Tensor output, Tensor gradOutput, boolean createGraph, boolean retainGraph) {
        if (!output.requiresGrad()) {
            throw new IllegalStateException("backward: tensor " + output + " does not require grad and has no graph");
        }
        Map<Tensor, Tensor> grads = run(List.of(output), List.of(gradOutput), null, createGraph, !retainGraph);
        try (GradMode.Scope s = GradMode.set(createGraph)) {
            for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
                Tensor leaf = e.getKey();
                if (leaf.isLeaf() && leaf.requiresGrad()) {
                    Tensor g = createGraph ? e.getValue() : e.getValue().detach();
                    leaf.setGrad(leaf.grad() == null ? g : leaf.grad().add(g));
                }
            }
        }
    }

    /**
     * Gradients of {@code sum_i sum(outputs[i] * gradOutputs[i])} with respect to each of
     * {@code inputs} (any tensors of the graph, not only leaves); zeros where an input does not
     * influence the outputs. Leaves' {@code grad()} are left untouched.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
                                    boolean createGraph) {
        Map<Tensor, Tensor> grads = run(outputs, gradOutputs, inputs, createGraph, false);
        List<Tensor> result = new ArrayList<>();
        for (Tensor in : inputs) {
            Tensor g = grads.get(in);
            result.add(g != null ? g : in.zerosLike());
        }
        return result;
    }

    private static Map<Tensor, Tensor> run(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
                                           boolean createGraph, boolean freeGraph) {
        if (outputs.size() != gradOutputs.size()) {
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + gradOutputs.size() + " gradients");
        }
        List<Tensor> order = topologicalOrder(outputs);
        Set<Tensor> needed = inputs == null ? null : neededFor(order, inputs);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        try (GradMode.Scope s = GradMode.set(createGraph)) {
            for (int i = 0; i < outputs.size(); i++) {
                Tensor out = outputs.get(i);
                Tensor g = gradOutputs.get(i);
                if (!Arrays.equals(out.shape(), g.shape())) {
                    throw new ShapeException("grad: gradient shape " + Shapes.str(g.shape())
                            + " differs from output shape " + Shapes.str(out.shape()));
                }
                accumulate(grads, out, g);
            }
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Function fn = t.gradFn();
                Tensor g = grads.get(t);
                if (fn == null || g == null || (needed != null && !needed.contains(t))) {
                    continue;
                }
                Tensor[] ins = fn.inputs();
                Tensor[] gs = fn.runBackward(g, createGraph);
                for (int k = 0; k < ins.length; k++) {
                    Tensor in = ins[k];
                    if (in == null || !in.requiresGrad() || k >= gs.length || gs[k] == null) {
                        continue;
                    }
                    if (!Arrays.equals(in.shape(), gs[k].shape())) {
                        throw new ShapeException(fn.name() + ".backward: gradient for input " + k + " has shape "
                                + Shapes.str(gs[k].shape()) + ", input has " + Shapes.str(in.shape()));
                    }
                    accumulate(grads, in, gs[k]);
                }
                if (inputs == null || !containsIdentity(inputs, t)) {
                    grads.remove(t); // an intermediate gradient, fully propagated: free it early
                }
                if (freeGraph) {
                    t.setGradFn(new FreedFunction(fn.name()));
                    order.set(i, null);   // nor does the pass itself keep the node's tensors alive
                }
            }
        }
        return grads;
    }

    private static boolean containsIdentity(List<Tensor> list, Tensor t) {
        for (Tensor x : list) {
            if (x == t) {
                return true;
            }
        }
        return false;
    }

    private static void accumulate(Map<Tensor, Tensor> grads, Tensor t, Tensor g) {
        Tensor old = grads.get(t);
        grads.put(t, old == null ? g : old.add(g));
    }

    /** Tensors that require grad, reachable from the outputs, each after all of its inputs. */
    static List<Tensor> topologicalOrder(List<Tensor> outputs) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Tensor out : outputs) {
            if (out.requiresGrad() && visited.add(out)) {
                stack.push(new Object[] {out, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Tensor t = (Tensor) frame[0];
                int next = (Integer) frame[1];
                Tensor[] ins = t.gradFn() == null ? new Tensor[0] : t.gradFn().inputs();
                if (next < ins.length) {
                    frame[1] = next + 1;
                    Tensor in = ins[next];
                    if (in != null && in.requiresGrad() && visited.add(in)) {
                        stack.push(new Object[] {in, 0});
                    }
                } else {
                    stack.pop();
                    order.add(t);
                }
            }
        }
        return order;
    }

    /** The tensors on some path to one of {@code inputs}: only their gradients are worth computing. */
    private static Set<Tensor> neededFor(List<Tensor> order, List<Tensor> inputs) {
        Set<Tensor> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        needed.addAll(inputs);
        for (Tensor t : order) {
            if (t.gradFn() == null) {
                continue;
            }
            for (Tensor in : t.gradFn().inputs()) {
                if (in != null && needed.contains(in)) {
                    needed.add(t);
                    break;
                }
            }
        }
        return needed;
    }
}
