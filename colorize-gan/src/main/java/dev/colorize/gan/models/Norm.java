package dev.colorize.gan.models;

import dev.colorize.nn.Module;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Identity;
import dev.colorize.nn.layers.InstanceNorm2d;

import java.util.Locale;

/** The normalisation layer of the pix2pix networks ({@code --norm batch|instance|none}). */
public enum Norm {
    /** BatchNorm2d (eps 1e-5, momentum 0.1, affine, running statistics). */
    BATCH,
    /** InstanceNorm2d without affine parameters or running statistics (PyTorch's default). */
    INSTANCE,
    /** No normalisation: an Identity placeholder keeps the pix2pix layer indices. */
    NONE;

    /** A new normalisation layer over {@code channels} channels. */
    Module create(int channels) {
        return switch (this) {
            case BATCH -> new BatchNorm2d(channels);
            case INSTANCE -> new InstanceNorm2d(channels);
            case NONE -> new Identity();
        };
    }

    /**
     * Whether the convolution before this norm has a bias. Pix2pix gives one only with instance norm;
     * we also give one with no norm (pix2pix's 'none' left those convolutions without any bias).
     */
    boolean convBias() {
        return this != BATCH;
    }

    /** Parses {@code batch}, {@code instance} or {@code none}. */
    public static Norm parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown norm '" + name + "', expected batch, instance or none");
        }
    }
}
