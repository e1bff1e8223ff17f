package dev.colorize.gan.data;

/** How {@link ImageFolder} brings a photo to the training size before the random crop. */
public enum Resize {
    /**
     * The shorter side is resized to the load size (by default the training size), keeping the aspect
     * ratio, then a random square is cropped: objects keep about the scale the network sees at
     * inference, where the whole photo is rendered at that size.
     */
    SCALE,
    /** A random square at the photo's own resolution (the shorter side is only enlarged when too small). */
    CROP,
    /** The whole photo resized to a square, exactly as the Colorizer renders it (aspect not kept, no crop). */
    SQUASH
}
