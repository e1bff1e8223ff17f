package dev.colorize.nn.optim;

import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.StateDict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the optimizers: one group of parameters sharing hyper-parameters, per-parameter state
 * buffers (created lazily at a parameter's first step, as in PyTorch) and a per-parameter step count.
 * State buffers are tensors on their parameter's backend; each update is one fused kernel of that
 * backend ({@link dev.colorize.core.backend.Backend#adamStep} and its siblings) written in place, so
 * a step on a device never copies through the host. Parameters without a gradient are skipped.
 *
 * <pre>{@code
 * Adam opt = Adam.builder(model.parameters()).lr(2e-4).betas(0.5, 0.999).build();
 * loss.backward();
 * opt.step();
 * opt.zeroGrad();
 * StateDict saved = opt.stateDict().copy();   // exact resume: opt.loadStateDict(saved)
 * }</pre>
 */
public abstract class Optimizer {
    private final List<Tensor> params;
    private final long[] steps;
    private final List<Map<String, Tensor>> state;
    protected double lr;

    protected Optimizer(List<Tensor> params, double lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(name() + ": empty parameter list");
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : params) {
            if (!seen.add(p)) {
                throw new IllegalArgumentException(name() + ": a parameter appears twice in the list");
            }
            if (!p.isContiguous()) {
                throw new IllegalArgumentException(name() + ": parameter " + p + " is not contiguous");
            }
        }
        checkNonNegative("lr", lr);
        this.params = List.copyOf(params);
        this.steps = new long[params.size()];
        this.state = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            state.add(new LinkedHashMap<>());
        }
        this.lr = lr;
    }

    /** Short name stored in the state dict ({@code Adam}, {@code SGD}, ...). */
    public String name() {
        return getClass().getSimpleName();
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (!Arrays.equals(g.shape(), p.shape())) {
                throw new IllegalStateException(name() + ".step: gradient " + Arrays.toString(g.shape())
                        + " does not match parameter " + i + " " + Arrays.toString(p.shape()));
            }
            steps[i]++;
            update(i, p, g, steps[i]);
        }
    }

    /**
     * Updates parameter {@code index} ({@code param}, contiguous) in place from {@code grad} (same
     * shape, read only) with one backend kernel; {@code step} is this parameter's step count, from 1.
     */
    protected abstract void update(int index, Tensor param, Tensor grad, long step);

    /** The hyper-parameters saved in the state dict (besides lr), by name. */
    protected abstract Map<String, Double> hyperParameters();

    /** Restores a hyper-parameter read from a state dict. */
    protected abstract void setHyperParameter(String name, double value);

    /**
     * The named state buffer of parameter {@code index}, created (zero-filled, contiguous, of the
     * parameter's shape, on the parameter's backend) if absent.
     */
    protected final Tensor buffer(int index, String name) {
        return state.get(index).computeIfAbsent(name, k -> {
            Tensor p = params.get(index);
            return Tensor.zeros(p.backend(), p.shape());
        });
    }

    /** The named state buffer of parameter {@code index}, or null before it exists. */
    protected final Tensor existingBuffer(int index, String name) {
        return state.get(index).get(name);
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    public final List<Tensor> parameters() {
        return params;
    }

    public final double lr() {
        return lr;
    }

    /** Sets the learning rate (schedulers call this). */
    public final Optimizer setLr(double value) {
        checkNonNegative("lr", value);
        lr = value;
        return this;
    }

    /** The step count of parameter {@code index} (0 before its first update). */
    public final long stepCount(int index) {
        return steps[index];
    }

    /**
     * PyTorch's layout flattened: {@code state.<i>.step} (integer) and {@code state.<i>.<buffer>}
     * ({@code exp_avg}, {@code exp_avg_sq}, {@code square_avg}, {@code momentum_buffer}, ...) per
     * parameter index; hyper-parameters as metadata {@code param_groups.0.<name>} (exact decimal
     * doubles) and {@code optimizer}. The tensors are copies, read from the parameters' backend now
     * and created on the current backend.
     */
    public final StateDict stateDict() {
        StateDict sd = new StateDict();
        for (int i = 0; i < params.size(); i++) {
            if (steps[i] == 0 && state.get(i).isEmpty()) {
                continue;
            }
            sd.putInteger("state." + i + ".step", Tensor.scalar(steps[i]).reshape());
            int[] shape = params.get(i).shape();
            for (Map.Entry<String, Tensor> e : state.get(i).entrySet()) {
                sd.put("state." + i + "." + e.getKey(), Tensor.of(e.getValue().toArray(), shape));
            }
        }
        sd.metadata().put("optimizer", name());
        sd.metadata().put("param_groups.0.lr", Double.toString(lr));
        sd.metadata().put("param_groups.0.params", Integer.toString(params.size()));
        hyperParameters().forEach((k, v) -> sd.metadata().put("param_groups.0." + k, Double.toString(v)));
        return sd;
    }

    /**
     * Restores a {@link #stateDict()} exactly: hyper-parameters, step counts and buffers. Checks the
     * optimizer type, the parameter count and every buffer's shape before changing anything. The
     * buffers are copied to each parameter's backend.
     */
    public final void loadStateDict(StateDict sd) {
        String type = sd.metadata().get("optimizer");
        if (!name().equals(type)) {
            throw new IllegalArgumentException(name() + ".loadStateDict: state is for optimizer '" + type + "'");
        }
        String count = sd.metadata().get("param_groups.0.params");
        if (count == null || Integer.parseInt(count) != params.size()) {
            throw new IllegalArgumentException(name() + ".loadStateDict: state has " + count + " parameters, optimizer has "
                    + params.size());
        }
        List<Map<String, Tensor>> newState = new ArrayList<>();
        long[] newSteps = new long[params.size()];
        for (int i = 0; i < params.size(); i++) {
            newState.add(new LinkedHashMap<>());
        }
        for (StateDict.Entry e : sd) {
            String[] parts = e.key().split("\\.", 3);
            if (parts.length != 3 || !parts[0].equals("state")) {
                throw new IllegalArgumentException(name() + ".loadStateDict: unexpected key " + e.key());
            }
            int i = Integer.parseInt(parts[1]);
            if (i < 0 || i >= params.size()) {
                throw new IllegalArgumentException(name() + ".loadStateDict: key " + e.key() + " names no parameter");
            }
            if (parts[2].equals("step")) {
                newSteps[i] = (long) e.tensor().item();
            } else if (!Arrays.equals(e.tensor().shape(), params.get(i).shape())) {
                throw new IllegalArgumentException(name() + ".loadStateDict: " + e.key() + " has shape "
                        + Arrays.toString(e.tensor().shape()) + ", parameter " + i + " has " + Arrays.toString(params.get(i).shape()));
            } else {
                Tensor p = params.get(i);
                newState.get(i).put(parts[2],
                        new Tensor(p.backend().fromHost(e.tensor().toArray()), 0, p.shape(), Shapes.contiguousStrides(p.shape())));
            }
        }
        lr = Double.parseDouble(sd.metadata().get("param_groups.0.lr"));
        for (String k : hyperParameters().keySet()) {
            String v = sd.metadata().get("param_groups.0." + k);
            if (v != null) {
                setHyperParameter(k, Double.parseDouble(v));
            }
        }
        System.arraycopy(newSteps, 0, steps, 0, steps.length);
        for (int i = 0; i < params.size(); i++) {
            state.set(i, newState.get(i));
        }
    }

    static void checkNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("optimizer: invalid " + what + " " + v);
        }
    }

    static void checkUnit(String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("optimizer: " + what + " must be in [0, 1), got " + v);
        }
    }
}
