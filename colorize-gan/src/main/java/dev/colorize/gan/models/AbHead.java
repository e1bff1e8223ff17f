package dev.colorize.gan.models;

import java.util.Locale;

/** How a generator produces ab: regressed directly, or decoded from colour-class logits. */
public enum AbHead {
    /** ab regressed directly, trained with an L1/L2 (and adversarial) loss, as the slides did. */
    REGRESSION,
    /**
     * Logits over quantised ab classes ({@link AbBins}), trained with Zhang et al.'s {@link ColorClassLoss}
     * and decoded by the annealed mean (the bin centres averaged with softmax(logits / T)).
     */
    CLASSIFICATION;

    public static AbHead parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown head '" + name + "', expected regression or classification");
        }
    }
}
