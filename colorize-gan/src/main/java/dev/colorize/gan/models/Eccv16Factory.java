package dev.colorize.gan.models;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ColorizationModel;
import dev.colorize.gan.ModelFactory;
import dev.colorize.gan.color.Normalization;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Model files of architecture {@code eccv16} (alias {@code colorful}): an {@link Eccv16} generator.
 * Config keys (optional): {@code widths} ("64,128,256,512"; default: read from the weights), {@code head} (regression|classification),
 * {@code temperature} (0.38), {@code render_size} (256). The number of bins is read from the weights'
 * {@code model_out.weight}; a classification head takes its bin centres from there too.
 *
 * <p><b>The official weights.</b> richzhang/colorization's {@code ECCVGenerator} computes
 * {@code model_out(softmax(model8(...)))} x 110 at temperature 1 (whatever annealing the released
 * logits carry is inside {@code model8}), which is this factory's default, the regression head. Convert
 * the released state dict with {@code safetensors.torch.save_file(model.state_dict(), "eccv16.safetensors")}
 * and make it a model file with {@code colorize export --model eccv16.safetensors --architecture eccv16
 * --out model.safetensors} ({@link dev.colorize.gan.ModelFile#fromStateDict}); the keys and shapes match
 * (tested at full width). {@code head=classification} would divide the logits by {@code temperature}
 * once more.
 */
public class Eccv16Factory implements ModelFactory {
    public static final String ARCHITECTURE = "eccv16";

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    /** The same models under the name of the paper ("Colorful Image Colorization"). */
    public static final class Colorful extends Eccv16Factory {
        @Override
        public String architecture() {
            return "colorful";
        }
    }

    /** The config entries that rebuild {@code g}'s architecture. */
    public static Map<String, String> configOf(Eccv16 g) {
        Eccv16.Config c = g.config();
        Map<String, String> m = new LinkedHashMap<>();
        int[] w = c.widths();
        m.put("widths", w[0] + "," + w[1] + "," + w[2] + "," + w[3]);
        m.put("bins", Integer.toString(c.bins()));
        m.put("head", c.head().name().toLowerCase(Locale.ROOT));
        m.put("temperature", Float.toString(c.temperature()));
        return m;
    }

    private Eccv16.Builder builder(Map<String, String> config, Map<String, Tensor> weights) {
        String a = architecture();
        Tensor modelOut = weights == null ? null : weights.get("model_out.weight");
        int[] w = Configs.intList(config, "widths", weights == null ? Eccv16.FULL_WIDTHS : widthsOf(weights), a);
        if (w.length != 4) {
            throw new IllegalArgumentException(a + ": config 'widths' needs 4 values, got " + Arrays.toString(w));
        }
        AbHead head = config.containsKey("head") ? AbHead.parse(config.get("head")) : AbHead.REGRESSION;
        Eccv16.Builder b = Eccv16.builder().widths(w[0], w[1], w[2], w[3]).head(head)
                .temperature(Configs.floatValue(config, "temperature", Eccv16.DEFAULT_TEMPERATURE, a));
        int bins = Configs.intValue(config, "bins", modelOut != null ? modelOut.size(1) : 313, a);
        if (head == AbHead.CLASSIFICATION) {
            b.bins(modelOut != null ? AbBins.fromModelOut(modelOut) : AbBins.eccv16());
        } else {
            b.bins(bins);
        }
        return b;
    }

    /** c1..c4 read from the first conv of model1..model4 (a plain state dict has no config); full widths if absent. */
    private static int[] widthsOf(Map<String, Tensor> weights) {
        int[] w = Eccv16.FULL_WIDTHS.clone();
        for (int i = 0; i < 4; i++) {
            Tensor t = weights.get("model" + (i + 1) + ".0.weight");
            if (t != null && t.dim() == 4) {
                w[i] = t.size(0);
            }
        }
        return w;
    }

    @Override
    public ColorizationModel create(Map<String, String> config, Map<String, Tensor> weights) {
        Tensor modelOut = weights.get("model_out.weight");
        if (modelOut == null) {
            throw new IllegalArgumentException(architecture() + ": the weights have no 'model_out.weight'");
        }
        Eccv16 g = builder(config, weights).build();
        Configs.load(g, weights, architecture());
        return new Model(g, architecture(), config);
    }

    @Override
    public ColorizationModel createUntrained(Map<String, String> config, long seed) {
        return new Model(builder(config, null).seed(seed).build(), architecture(), config);
    }

    /** ECCV16 as the Colorizer sees it: (L - 50) / 100 in, ab in Lab units out, eval mode. */
    static final class Model implements ColorizationModel {
        private final Eccv16 g;
        private final String architecture;
        private final int renderSize;
        private final float saturation;
        private final boolean flipAverage;

        Model(Eccv16 g, String architecture, Map<String, String> config) {
            this.g = g;
            this.architecture = architecture;
            g.eval();
            this.renderSize = Configs.intValue(config, "render_size", 256, architecture);
            this.saturation = Configs.saturation(config, architecture);
            this.flipAverage = Configs.boolValue(config, "flip_average", false, architecture);
            checkRenderSize(renderSize);
        }

        @Override
        public String architecture() {
            return architecture;
        }

        @Override
        public Normalization inputNormalization() {
            return Normalization.ECCV16;
        }

        @Override
        public Tensor predictAb(Tensor normalizedL) {
            return g.forwardNormalized(normalizedL);
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
            if (size < 8 || size % 8 != 0) {
                throw new IllegalArgumentException(architecture + ": render size must be a positive multiple of 8, got " + size);
            }
        }
    }
}
