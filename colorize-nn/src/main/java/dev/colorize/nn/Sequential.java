package dev.colorize.nn;

import dev.colorize.core.tensor.Tensor;

import java.util.List;

/**
 * Modules applied one after another; children are named {@code "0"}, {@code "1"}, ... as in
 * {@code torch.nn.Sequential}, so keys read {@code model.3.weight}.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Conv2d(3, 8, 3), new ReLU(), new Conv2d(8, 1, 1));
 * Tensor y = net.forward(x);
 * }</pre>
 */
public class Sequential extends Module {
    private int count;

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends {@code module} under the next index; returns this. */
    public final Sequential add(Module module) {
        registerModule(Integer.toString(count++), module);
        return this;
    }

    /** The module at {@code index} (negative counts from the end). */
    public final Module get(int index) {
        int i = index < 0 ? index + count : index;
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("Sequential.get(" + index + ") with " + count + " modules");
        }
        return namedChildren().get(Integer.toString(i));
    }

    public final int size() {
        return count;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) {
            x = m.forward(x);
        }
        return x;
    }
}
