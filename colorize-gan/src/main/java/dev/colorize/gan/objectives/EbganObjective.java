package dev.colorize.gan.objectives;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.models.EbganDiscriminator;
import dev.colorize.nn.Module;

/**
 * Energy-based GAN (Zhao et al. 2017). D is an autoencoder; the energy of a sample is its
 * reconstruction error, the mean squared difference between {@code D(x)} and {@code x} over the
 * sample's pixels and channels. With margin m:
 * {@code D: mean_i E(real_i) + mean_i max(0, m - E(fake_i))}, {@code G: mean_i E(fake_i) + w * PT},
 * where the optional pull-away term PT (weight w, 0 = off) is the mean squared cosine similarity
 * between the encoder codes of distinct fake samples; it needs an {@link EbganDiscriminator} (its
 * {@code encode}/{@code decode}) and a batch of at least 2.
 */
final class EbganObjective extends AdversarialObjective {
    /** With inputs in [-1, 1], a reconstruction MSE of 1 is a bad reconstruction: a margin of 1 is reachable. */
    static final float DEFAULT_MARGIN = 1f;

    private final float margin;
    private final float pullAway;

    EbganObjective(float margin, float pullAway) {
        if (!(margin > 0) || Float.isInfinite(margin)) {
            throw new IllegalArgumentException("ebgan: margin must be a positive finite number, got " + margin);
        }
        if (!(pullAway >= 0) || Float.isInfinite(pullAway)) {
            throw new IllegalArgumentException("ebgan: pull-away weight must be a finite number >= 0, got " + pullAway);
        }
        this.margin = margin;
        this.pullAway = pullAway;
    }

    @Override
    public String name() {
        return "ebgan";
    }

    @Override
    public Tensor discriminatorLoss(Module d, Tensor real, Tensor fake) {
        checkSameShape(real, fake);
        Tensor eReal = energy(reconstruct(d, real, "real"), real);
        Tensor eFake = energy(reconstruct(d, fake, "fake"), fake);
        return eReal.mean().add(eFake.rsub(margin).relu().mean());
    }

    @Override
    public Tensor generatorLoss(Module d, Tensor fake) {
        if (pullAway == 0f) {
            return energy(reconstruct(d, fake, "fake"), fake).mean();
        }
        if (!(d instanceof EbganDiscriminator ae)) {
            throw new IllegalArgumentException("ebgan: the pull-away term needs an EbganDiscriminator, got " + d.name());
        }
        if (fake.size(0) < 2) {
            throw new IllegalArgumentException("ebgan: the pull-away term needs a batch of at least 2, got " + fake.size(0));
        }
        Tensor code = ae.encode(fake);
        Tensor e = energy(ae.decode(code), fake).mean();
        return e.add(pullAwayTerm(code).mul(pullAway));
    }

    /** Per-sample energies [N]: mean over (C, H, W) of the squared reconstruction error. */
    static Tensor energy(Tensor reconstruction, Tensor x) {
        int n = x.size(0);
        return reconstruction.sub(x).square().reshape(n, -1).mean(new int[] {1}, false);
    }

    /** PT = sum over i != j of cos(s_i, s_j)^2 / (N (N - 1)), codes flattened per sample. */
    static Tensor pullAwayTerm(Tensor code) {
        int n = code.size(0);
        Tensor s = code.reshape(n, -1);
        Tensor norm = s.square().sum(new int[] {1}, true).add(1e-12f).sqrt();
        Tensor unit = s.div(norm);
        Tensor cos2 = unit.matmul(unit.transpose(0, 1)).square();
        // the diagonal holds cos(s_i, s_i)^2 = 1 (up to rounding): subtract its actual values
        Tensor diagonal = unit.square().sum(new int[] {1}, false).square().sum();
        return cos2.sum().sub(diagonal).div((float) n * (n - 1));
    }

    private Tensor reconstruct(Module d, Tensor x, String what) {
        Tensor r = score(d, x, what);
        if (!java.util.Arrays.equals(r.shape(), x.shape())) {
            throw new IllegalArgumentException("ebgan: D must reconstruct its input: input " + java.util.Arrays.toString(x.shape())
                    + ", output " + java.util.Arrays.toString(r.shape()));
        }
        return r;
    }

    @Override
    public String toString() {
        return "ebgan(margin=" + margin + ", pull_away=" + pullAway + ")";
    }
}
