package dev.colorize.gan.color;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The colour reference cases (skimage 0.19.3 rgb2lab / lab2rgb) through the tensor API. */
class LabReferenceTest {

    @Test
    void rgb2labGridMatchesSkimage() throws IOException {
        TestData.Case c = TestData.readCase(TestData.referenceCase("color", "rgb2lab_grid"));
        assertTrue(c.metadataJson().contains("rgb2lab"), "wrong op in case");
        float range = rangeMax(c.metadataJson(), "input_range");
        TestData.Entry in = c.get("input");
        Tensor rgb = Tensor.of(in.data(), in.shape()).div(range);
        float[] actual = LabTensors.rgbToLab(rgb, -1).toArray();
        assertClose("rgb2lab", c.get("output").data(), actual, c.tolerance("rtol"), c.tolerance("atol"));
    }

    @Test
    void lab2rgbGridMatchesSkimageIncludingOutOfGamutClipping() throws IOException {
        TestData.Case c = TestData.readCase(TestData.referenceCase("color", "lab2rgb_grid"));
        assertTrue(c.metadataJson().contains("lab2rgb"), "wrong op in case");
        TestData.Entry in = c.get("input");
        float[] actual = LabTensors.labToRgb(Tensor.of(in.data(), in.shape()), 1).toArray();
        float range = rangeMax(c.metadataJson(), "output_range");
        for (int i = 0; i < actual.length; i++) {
            actual[i] *= range;
        }
        assertClose("lab2rgb", c.get("output").data(), actual, c.tolerance("rtol"), c.tolerance("atol"));
    }

    @Test
    void scalarPathsAgreeWithTheReferenceToo() throws IOException {
        // The 8-bit lookup path must give the same Lab as the float path on the reference grid.
        TestData.Case c = TestData.readCase(TestData.referenceCase("color", "rgb2lab_grid"));
        float[] in = c.get("input").data();
        float[] expected = c.get("output").data();
        float[] lab = new float[3];
        for (int i = 0; i < in.length; i += 3) {
            int packed = ((int) in[i] << 16) | ((int) in[i + 1] << 8) | (int) in[i + 2];
            Lab.rgb8ToLab(packed, lab, 0);
            float[] e = {expected[i], expected[i + 1], expected[i + 2]};
            assertClose("rgb8ToLab #" + i / 3, e, lab, 1e-5, 1e-5);
            assertClose("rgb8ToL #" + i / 3, new float[] {e[0]}, new float[] {Lab.rgb8ToL(packed)}, 1e-5, 1e-5);
        }
    }

    static float rangeMax(String meta, String key) {
        Matcher m = Pattern.compile(key + "\\\\?\"\\s*:\\s*\\[\\s*[0-9.]+\\s*,\\s*([0-9.]+)").matcher(meta);
        assertTrue(m.find(), "no " + key + " in " + meta);
        return Float.parseFloat(m.group(1));
    }

    /** |a - e| <= atol * max(1, max|e|) + rtol * |e|, the reference README's check. */
    static void assertClose(String what, float[] expected, float[] actual, double rtol, double atol) {
        assertTrue(expected.length == actual.length, what + ": length " + actual.length + " != " + expected.length);
        double maxAbs = 1;
        for (float e : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double allowed = atol * maxAbs + rtol * Math.abs(expected[i]);
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= allowed)) {
                assertArrayEquals(expected, actual, (float) allowed, what + ": element " + i + " off by " + err);
            }
        }
    }
}
