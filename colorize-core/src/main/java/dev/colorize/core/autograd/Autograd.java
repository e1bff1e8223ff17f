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
        Map<GradNode, Tensor> grads = run(List.of(output), List.of(gradOutput), null, createGraph, !retainGraph);
        try (GradMode.Scope s = GradMode.set(createGraph)) {
            for (Map.Entry<GradNode, Tensor> e : grads.entrySet()) {
                Tensor leaf = e.getKey().leafTensor();
                if (leaf != null && leaf.requiresGrad()) {
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
        List<GradNode> inputNodes = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            inputNodes.add(in.gradNode());
        }
        Map<GradNode, Tensor> grads = run(outputs, gradOutputs, inputNodes, createGraph, false);
        List<Tensor> result = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = inputNodes.get(i) == null ? null : grads.get(inputNodes.get(i));
            result.add(g != null ? g : inputs.get(i).zerosLike());
        }
        return result;
    }

    private static Map<GradNode, Tensor> run(List<Tensor> outputs, List<Tensor> gradOutputs, List<GradNode> inputs,
                                             boolean createGraph, boolean freeGraph) {
        if (outputs.size() != gradOutputs.size()) {
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + gradOutputs.size() + " gradients");
        }
        List<GradNode> roots = new ArrayList<>(outputs.size());
        for (Tensor out : outputs) {
            roots.add(out.gradNode());
        }
        List<GradNode> order = topologicalOrder(roots);
        Set<GradNode> needed = inputs == null ? null : neededFor(order, inputs);
        Map<GradNode, Tensor> grads = new IdentityHashMap<>();
        try (GradMode.Scope s = GradMode.set(createGraph)) {
            for (int i = 0; i < outputs.size(); i++) {
                Tensor out = outputs.get(i);
                Tensor g = gradOutputs.get(i);
                if (!Arrays.equals(out.shape(), g.shape())) {
                    throw new ShapeException("grad: gradient shape " + Shapes.str(g.shape())
                            + " differs from output shape " + Shapes.str(out.shape()));
                }
                if (roots.get(i) != null) {
                    accumulate(grads, roots.get(i), g);
                }
            }
            for (int i = order.size() - 1; i >= 0; i--) {
                GradNode node = order.get(i);
                Function fn = node.function();
                Tensor g = grads.get(node);
                if (fn == null || g == null || (needed != null && !needed.contains(node))) {
                    continue;
                }
                GradNode[] ins = fn.edges();
                Tensor[] gs = fn.runBackward(g, createGraph);
                for (int k = 0; k < ins.length; k++) {
                    GradNode in = ins[k];
                    if (in == null || k >= gs.length || gs[k] == null) {
                        continue;
                    }
                    if (!Arrays.equals(in.shape(), gs[k].shape())) {
                        throw new ShapeException(fn.name() + ".backward: gradient for input " + k + " has shape "
                                + Shapes.str(gs[k].shape()) + ", input has " + Shapes.str(in.shape()));
                    }
                    accumulate(grads, in, gs[k]);
                }
                if (inputs == null || !containsIdentity(inputs, node)) {
                    grads.remove(node); // an intermediate gradient, fully propagated: free it early
                }
                if (freeGraph) {
                    node.release();
                    order.set(i, null);   // nor does the pass itself keep the node's tensors alive
                }
            }
        }
        return grads;
    }

    private static boolean containsIdentity(List<GradNode> list, GradNode n) {
        for (GradNode x : list) {
            if (x == n) {
                return true;
            }
        }
        return false;
    }

    private static void accumulate(Map<GradNode, Tensor> grads, GradNode n, Tensor g) {
        Tensor old = grads.get(n);
        grads.put(n, old == null ? g : old.add(g));
    }

    /** Nodes reachable from the roots, each after all of its inputs. */
    static List<GradNode> topologicalOrder(List<GradNode> roots) {
        List<GradNode> order = new ArrayList<>();
        Set<GradNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (GradNode root : roots) {
            if (root != null && visited.add(root)) {
                stack.push(new Object[] {root, 0});
            }
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                GradNode n = (GradNode) frame[0];
                int next = (Integer) frame[1];
                GradNode[] ins = n.function() == null ? Function.NO_EDGES : n.function().edges();
                if (next < ins.length) {
                    frame[1] = next + 1;
                    GradNode in = ins[next];
                    if (in != null && visited.add(in)) {
                        stack.push(new Object[] {in, 0});
                    }
                } else {
                    stack.pop();
                    order.add(n);
                }
            }
        }
        return order;
    }

    /** The nodes on some path to one of {@code inputs}: only their gradients are worth computing. */
    private static Set<GradNode> neededFor(List<GradNode> order, List<GradNode> inputs) {
        Set<GradNode> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (GradNode in : inputs) {
            if (in != null) {
                needed.add(in);
            }
        }
        for (GradNode n : order) {
            if (n.function() == null) {
                continue;
            }
            for (GradNode in : n.function().edges()) {
                if (in != null && needed.contains(in)) {
                    needed.add(n);
                    break;
                }
            }
        }
        return needed;
    }
}
