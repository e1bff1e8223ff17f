package dev.colorize.gan.train;

import dev.colorize.nn.Module;

/** Generator and discriminator under one state dict ({@code generator.*}, {@code discriminator.*}) for checkpoints. */
final class TrainingModules extends Module {
    TrainingModules(Module generator, Module discriminator) {
        registerModule("generator", generator);
        if (discriminator != null) {
            registerModule("discriminator", discriminator);
        }
    }
}
