package dev.colorize.nn;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base of every layer and model, after {@code torch.nn.Module}: named parameters (leaf tensors that
 * require gradients), named buffers (state such as BatchNorm running statistics) and named child
 * modules. {@link #stateDict()} keys are the dotted paths PyTorch uses ({@code model.1.weight}), so
 * weights exported from PyTorch load unchanged.
 *
 * <pre>{@code
 * class Block extends Module {
 *     final Conv2d conv = registerModule("conv", new Conv2d(3, 8, 3));
 *     final BatchNorm2d bn = registerModule("bn", new BatchNorm2d(8));
 *     public Tensor forward(Tensor x) { return bn.forward(conv.forward(x)).relu(); }
 * }
 * Block b = new Block();
 * b.eval();
 * b.loadStateDict(StateDict.of(weights), true);   // keys "conv.weight", "bn.running_mean", ...
 * }</pre>
 *
 * Register parameters, buffers and children in the order PyTorch's {@code __init__} assigns them: the
 * state dict lists, for each module, its own parameters, then its own buffers, then each child's.
 */
public abstract class Module {
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> integerBuffers = new HashSet<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /**
     * The module's computation for one input. Modules with another signature (losses, models with
     * several inputs) define their own method and leave this one unsupported, like PyTorch's default.
     */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(name() + " has no one-input forward");
    }

    /** A short name for messages: the class's simple name. */
    public String name() {
        return getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- registration

    /** Registers {@code tensor} as a parameter: it becomes a gradient-requiring leaf. */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkName(name);
        tensor.requiresGrad(true);
        parameters.put(name, tensor);
        return tensor;
    }

    /** Registers persistent state that is saved in the state dict but not trained. */
    protected final Tensor registerBuffer(String name, Tensor tensor) {
        checkName(name);
        buffers.put(name, tensor);
        return tensor;
    }

    /** Registers a buffer of whole numbers (kept as float32, serialised as I64). */
    protected final Tensor registerIntegerBuffer(String name, Tensor tensor) {
        registerBuffer(name, tensor);
        integerBuffers.add(name);
        return tensor;
    }

    /** Registers a child; its state appears under {@code name + "."}. Returns the child. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        if (child == this) {
            throw new IllegalArgumentException(name() + ": a module cannot be its own child");
        }
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(name() + ": invalid attribute name '" + name + "' (non-empty, no dots)");
        }
        if ((parameters.containsKey(name) ? 1 : 0) + (buffers.containsKey(name) ? 1 : 0)
                + (children.containsKey(name) ? 1 : 0) > 0) {
            throw new IllegalArgumentException(name() + ": attribute '" + name + "' is already registered");
        }
    }

    // ---------------------------------------------------------------- traversal

    /** The direct children by name, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    /** This module and every descendant by dotted path ("" for this one), depth first, each once. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectModules("", out, seen);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) {
            return;
        }
        out.put(prefix, this);
        children.forEach((n, c) -> c.collectModules(prefix.isEmpty() ? n : prefix + "." + n, out, seen));
    }

    /** Every parameter by dotted key; a tensor shared between modules appears once. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((path, m) -> m.parameters.forEach((n, t) -> {
            if (seen.add(t)) {
                out.put(path.isEmpty() ? n : path + "." + n, t);
            }
        }));
        return out;
    }

    /** The parameters, in state-dict order, each once (what an optimizer takes). */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer by dotted key. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> m.buffers.forEach((n, t) -> out.put(path.isEmpty() ? n : path + "." + n, t)));
        return out;
    }

    /** Calls {@code fn} on every descendant (children first) and then on this module, like PyTorch's apply. */
    public final Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) {
            c.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Total number of parameter elements. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : parameters()) {
            n += t.numel();
        }
        return n;
    }

    // ---------------------------------------------------------------- modes and gradients

    /** Sets training mode here and in every descendant (BatchNorm batch statistics, Dropout active). */
    public Module train(boolean mode) {
        training = mode;
        for (Module c : children.values()) {
            c.train(mode);
        }
        return this;
    }

    public final Module train() {
        return train(true);
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        for (Tensor t : parameters()) {
            t.zeroGrad();
        }
    }

    /** Turns gradient tracking of every parameter on or off (e.g. to freeze a discriminator). */
    public final Module requiresGrad(boolean value) {
        for (Tensor t : parameters()) {
            t.requiresGrad(value);
        }
        return this;
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Parameters and buffers under their PyTorch keys. The tensors are live, detached views of the
     * module's storage: use {@link StateDict#copy()} for a snapshot.
     */
    public final StateDict stateDict() {
        StateDict sd = new StateDict();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectState("", sd, seen);
        return sd;
    }

    private void collectState(String prefix, StateDict sd, Set<Module> seen) {
        if (!seen.add(this)) {
            return;
        }
        parameters.forEach((n, t) -> sd.put(prefix + n, t.detach()));
        buffers.forEach((n, t) -> sd.put(prefix + n, t.detach(), integerBuffers.contains(n)));
        children.forEach((n, c) -> c.collectState(prefix + n + ".", sd, seen));
    }

    /**
     * Copies {@code source} into this module's parameters and buffers, in place (optimizers holding
     * the parameters keep working). All problems are collected first: with {@code strict}, any missing
     * key, unexpected key or shape mismatch throws one {@link StateDictException} listing them all and
     * nothing is modified; otherwise every key that matches is loaded and the problems are returned.
     */
    public final LoadResult loadStateDict(StateDict source, boolean strict) {
        StateDict own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<LoadResult.ShapeMismatch> mismatches = new ArrayList<>();
        for (StateDict.Entry e : own) {
            Tensor src = source.get(e.key());
            if (src == null) {
                missing.add(e.key());
            } else if (!Arrays.equals(src.shape(), e.tensor().shape())) {
                mismatches.add(new LoadResult.ShapeMismatch(e.key(), e.tensor().shape(), src.shape()));
            }
        }
        for (String key : source.keys()) {
            if (!own.contains(key)) {
                unexpected.add(key);
            }
        }
        LoadResult result = new LoadResult(missing, unexpected, mismatches);
        if (strict && !result.isClean()) {
            throw new StateDictException(name(), result);
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (StateDict.Entry e : own) {
                Tensor src = source.get(e.key());
                if (src != null && Arrays.equals(src.shape(), e.tensor().shape())) {
                    e.tensor().copyFrom(src);
                }
            }
        }
        return result;
    }

    /** Strict load of a plain map of tensors. */
    public final LoadResult loadStateDict(Map<String, Tensor> source) {
        return loadStateDict(StateDict.of(source), true);
    }

    // ---------------------------------------------------------------- printing

    /** Extra description shown by {@link #toString()}, e.g. {@code 3, 8, kernel=4x4, stride=2}. */
    protected String extraRepr() {
        return "";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((n, c) -> sb.append("  (").append(n).append("): ")
                    .append(c.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}
