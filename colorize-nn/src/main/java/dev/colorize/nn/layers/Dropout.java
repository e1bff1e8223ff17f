package dev.colorize.nn.layers;

import dev.colorize.core.F;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.init.Init;

/**
 * Inverted dropout: in training mode zeroes each element with probability p and scales the rest by
 * 1/(1-p); the identity in eval mode. The mask is drawn from this layer's own seeded {@link Rng}
 * (its state is in {@link #rng()} for checkpoints).
 */
public class Dropout extends Module {
    private final float p;
    private final Rng rng;

    /** Dropout with a generator forked from {@link Init#rng()}. */
    public Dropout(float p) {
        this(p, Init.rng().fork());
    }

    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout(input, p, isTraining(), rng);
    }

    public final float p() {
        return p;
    }

    /** The generator the masks come from. */
    public final Rng rng() {
        return rng;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
