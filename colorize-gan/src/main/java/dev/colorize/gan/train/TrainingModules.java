package dev.colorize.gan.train;

import dev.colorize.nn.Module;

/**
 * Generator, discriminator and the generator's weight average under one state dict
 * ({@code generator.*}, {@code discriminator.*}, {@code generator_ema.*}) for checkpoints; the last two
 * only when present.
 */
final class TrainingModules extends Module {
    TrainingModules(Module generator, Module discriminator) {
        this(generator, discriminator, null);
    }

    TrainingModules(Module generator, Module discriminator, Module generatorAverage) {
        registerModule("generator", generator);
        if (discriminator != null) {
            registerModule("discriminator", discriminator);
        }
        if (generatorAverage != null) {
            registerModule("generator_ema", generatorAverage);
        }
    }
}
