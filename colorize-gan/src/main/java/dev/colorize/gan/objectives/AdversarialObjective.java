package dev.colorize.gan.objectives;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.Optimizer;

import java.util.Arrays;

/** Shared helpers of the objectives: input checks and the pix2pix default optimizer. */
abstract class AdversarialObjective implements Objective {

    /** Adam(lr 2e-4, betas 0.5/0.999), as pix2pix uses for both networks. */
    @Override
    public Optimizer defaultDiscriminatorOptimizer(Module d) {
        return Adam.builder(d.parameters()).lr(2e-4).betas(0.5, 0.999).build();
    }

    @Override
    public String toString() {
        return name();
    }

    /** D's output on {@code x}, checking that x is a D input batch. */
    final Tensor score(Module d, Tensor x, String what) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException(name() + ": " + what + " must be a [N,C,H,W] discriminator input, got "
                    + Arrays.toString(x.shape()));
        }
        return d.forward(x);
    }

    final void checkSameShape(Tensor real, Tensor fake) {
        if (!Arrays.equals(real.shape(), fake.shape())) {
            throw new IllegalArgumentException(name() + ": real batch " + Arrays.toString(real.shape())
                    + " and fake batch " + Arrays.toString(fake.shape()) + " differ in shape");
        }
    }
}
