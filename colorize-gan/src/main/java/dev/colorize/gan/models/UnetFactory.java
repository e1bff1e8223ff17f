package dev.colorize.gan.models;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ColorizationModel;
import dev.colorize.gan.ModelFactory;
import dev.colorize.gan.color.Normalization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model files of architecture {@code unet}: a {@link UNet} generator. Config keys (all optional,
 * defaults of {@link UNet#builder()}): {@code in_channels}, {@code out_channels}, {@code ngf},
 * {@code num_downs}, {@code norm} (batch|instance|none), {@code dropout}, {@code decoder}
 * (transposed|upsample_conv), {@code head} (regression|classification), {@code temperature} (of a
 * classification head's annealed mean, 0.38), {@code render_size} (default: the multiple of 2^num_downs
 * nearest above 256). A classification head reads its bin centres from the weights' {@code model_out.weight}. Registered through {@code META-INF/services/dev.colorize.gan.ModelFactory}.
 *
 * <pre>{@code
 * new ModelFile("unet", UnetFactory.configOf(g), g.stateDict().tensors()).write(path);
 * Colorizer c = Colorizer.load(path);
 * }</pre>
 */
public final class UnetFactory implements ModelFactory {
    public static final String ARCHITECTURE = "unet";

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    /** The config entries that rebuild {@code g}'s architecture. */
    public static Map<String, String> configOf(UNet g) {
        UNet.Config c = g.config();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("in_channels", Integer.toString(c.inChannels()));
        m.put("out_channels", Integer.toString(c.outChannels()));
        m.put("ngf", Integer.toString(c.ngf()));
        m.put("num_downs", Integer.toString(c.numDowns()));
        m.put("norm", c.norm().name().toLowerCase(java.util.Locale.ROOT));
        m.put("dropout", Boolean.toString(c.dropout()));
        m.put("decoder", c.decoder().name().toLowerCase(java.util.Locale.ROOT));
        if (c.head() == AbHead.CLASSIFICATION) {
            m.put("head", "classification");
            m.put("temperature", Float.toString(c.temperature()));
        }
        return m;
    }

    static UNet.Builder builder(Map<String, String> config, Map<String, Tensor> weights) {
        UNet.Builder b = UNet.builder();
        UNet.Config d = b.buildConfig();
        String a = ARCHITECTURE;
        b.inChannels(Configs.intValue(config, "in_channels", d.inChannels(), a))
                .outChannels(Configs.intValue(config, "out_channels", d.outChannels(), a))
                .ngf(Configs.intValue(config, "ngf", d.ngf(), a))
                .numDowns(Configs.intValue(config, "num_downs", d.numDowns(), a))
                .dropout(Configs.boolValue(config, "dropout", d.dropout(), a));
        if (config.containsKey("norm")) {
            b.norm(Norm.parse(config.get("norm")));
        }
        if (config.containsKey("decoder")) {
            b.decoder(UNet.Decoder.parse(config.get("decoder")));
        }
        if (config.containsKey("head")) {
            AbHead head = AbHead.parse(config.get("head"));
            b.head(head).temperature(Configs.floatValue(config, "temperature", d.temperature(), a));
            Tensor modelOut = weights == null ? null : weights.get("model_out.weight");
            if (head == AbHead.CLASSIFICATION && modelOut != null) {
                b.bins(AbBins.fromModelOut(modelOut));
            }
        }
        return b;
    }

    @Override
    public ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights) {
        UNet g = builder(config, weights).build();
        Configs.load(g, weights, ARCHITECTURE);
        return new Model(g, config);
    }

    @Override
    public ColorizationModel createUntrained(Map<String, String> config, long seed) {
        return new Model(builder(config, null).seed(seed).build(), config);
    }

    /** The U-Net as the Colorizer sees it: L/50 - 1 in, ab / 110 (tanh or annealed mean) * 110 out, in eval mode. */
    static final class Model implements ColorizationModel {
        private final UNet g;
        private final int renderSize;
        private final float saturation;
        private final boolean flipAverage;

        Model(UNet g, Map<String, String> config) {
            if (g.config().inChannels() != 1 || g.config().outChannels() != 2) {
                throw new IllegalArgumentException("unet: a colorization model maps 1 channel (L) to 2 (ab), this one "
                        + g.config().inChannels() + " to " + g.config().outChannels());
            }
            this.g = g;
            g.eval();
            int m = g.sizeMultiple();
            this.renderSize = Configs.intValue(config, "render_size", Math.max(m, (256 + m - 1) / m * m), ARCHITECTURE);
            this.saturation = Configs.saturation(config, ARCHITECTURE);
            this.flipAverage = Configs.boolValue(config, "flip_average", false, ARCHITECTURE);
            checkRenderSize(renderSize);
        }

        @Override
        public String architecture() {
            return ARCHITECTURE;
        }

        @Override
        public Normalization inputNormalization() {
            return Normalization.PIX2PIX;
        }

        @Override
        public Tensor predictAb(Tensor normalizedL) {
            return Normalization.denormalizeAb(g.forward(normalizedL));
        }

        @Override
        public float defaultSaturation() {
            return saturation;
        }

        @Override
        public boolean defaultFlipAverage() {
            return flipAverage;
        }

        @Override
        public int defaultRenderSize() {
            return renderSize;
        }

        @Override
        public void checkRenderSize(int size) {
            int m = g.sizeMultiple();
            if (size < 1 || size % m != 0) {
                throw new IllegalArgumentException("unet: render size must be a positive multiple of " + m + " (2^num_downs, num_downs "
                        + g.config().numDowns() + "), got " + size);
            }
        }

        UNet generator() {
            return g;
        }
    }
}
