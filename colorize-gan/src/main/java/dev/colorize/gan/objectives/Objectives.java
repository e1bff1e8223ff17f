package dev.colorize.gan.objectives;

import java.util.List;
import java.util.Locale;

/**
 * Factory of the adversarial objectives, by method or by command-line name.
 *
 * <pre>{@code
 * Objective o = Objectives.byName("wgan-gp");      // same as Objectives.wganGp()
 * Objective w = Objectives.wgan(0.01f, 5, true);   // clip c, n_critic, original warm-up schedule
 * }</pre>
 */
public final class Objectives {
    /** The names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("none", "gan", "lsgan", "wgan", "wgan-gp", "ebgan");

    private Objectives() {
    }

    /** Generator only: no discriminator, no adversarial loss. */
    public static Objective none() {
        return new NoneObjective();
    }

    /** The original GAN with the non-saturating generator loss, as BCE with logits (numerically stable). */
    public static Objective gan() {
        return new GanObjective();
    }

    /** Least-squares GAN (Mao et al.): targets 1 for real, 0 for fake, no sigmoid. */
    public static Objective lsgan() {
        return new LsganObjective();
    }

    /** WGAN with weight clipping c = 0.01, n_critic = 5 and the original warm-up schedule. */
    public static Objective wgan() {
        return wgan(WganObjective.DEFAULT_CLIP, WganObjective.DEFAULT_N_CRITIC, true);
    }

    /**
     * WGAN with weight clipping to [-clip, clip], {@code nCritic} critic steps per generator step and,
     * if {@code warmup}, the original's 100 critic steps for the first 25 generator steps and every 500th.
     */
    public static Objective wgan(float clip, int nCritic, boolean warmup) {
        return new WganObjective(clip, nCritic, warmup);
    }

    /** WGAN-GP with gradient-penalty weight 10 and 5 critic steps per generator step (the paper's settings). */
    public static Objective wganGp() {
        return wganGp(WganGpObjective.DEFAULT_LAMBDA, WganGpObjective.DEFAULT_N_CRITIC, WganGpObjective.DEFAULT_SEED);
    }

    /** WGAN-GP with penalty weight {@code lambda}, {@code nCritic} critic steps, interpolation weights drawn from {@code seed}. */
    public static Objective wganGp(float lambda, int nCritic, long seed) {
        return new WganGpObjective(lambda, nCritic, seed);
    }

    /** EBGAN with margin 1 (energies are per-pixel reconstruction MSE of inputs in [-1, 1]) and no pull-away term. */
    public static Objective ebgan() {
        return ebgan(EbganObjective.DEFAULT_MARGIN, 0f);
    }

    /** EBGAN with hinge {@code margin} on the fake energy and pull-away weight {@code pullAway} (0 = off). */
    public static Objective ebgan(float margin, float pullAway) {
        return new EbganObjective(margin, pullAway);
    }

    /** The objective named {@code name} (one of {@link #NAMES}) with its default settings. */
    public static Objective byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> none();
            case "gan" -> gan();
            case "lsgan" -> lsgan();
            case "wgan" -> wgan();
            case "wgan-gp", "wgangp", "wgan_gp" -> wganGp();
            case "ebgan" -> ebgan();
            default -> throw new IllegalArgumentException("unknown objective '" + name + "', expected one of " + NAMES);
        };
    }
}
