package dev.colorize.gan.color;

import dev.colorize.core.reference.CaseHandler;
import dev.colorize.core.reference.ReferenceCase;
import dev.colorize.core.reference.ReferenceRunner;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handlers of the colour reference ops rgb2lab and lab2rgb (skimage's definitions), every range and
 * option taken from the case metadata; run by {@link dev.colorize.gan.GanReferenceTest}.
 */
public class ColorReferenceTest {

    public static Map<String, CaseHandler> handlers() {
        Map<String, CaseHandler> h = new LinkedHashMap<>();
        h.put("rgb2lab", c -> {
            checkWhite(c);
            Tensor rgb = c.input("input").div(rangeMax(c, "input_range"));
            c.expect("output", LabTensors.rgbToLab(rgb, -1));
        });
        h.put("lab2rgb", c -> {
            checkWhite(c);
            if (!c.bool("clip")) {
                throw new AssertionError(c.name() + ": only the clipped lab2rgb (skimage's) is implemented");
            }
            Tensor rgb = LabTensors.labToRgb(c.input("input"), -1);
            c.expect("output", rgb.mul(rangeMax(c, "output_range")));
        });
        return h;
    }

    private static void checkWhite(ReferenceCase c) {
        if (!c.string("illuminant").equals("D65") || !c.string("observer").equals("2")) {
            throw new AssertionError(c.name() + ": only D65 / 2 degrees is implemented, case asks "
                    + c.string("illuminant") + " / " + c.string("observer"));
        }
    }

    private static float rangeMax(ReferenceCase c, String key) {
        List<Object> range = c.list(key);
        if (((Number) range.get(0)).doubleValue() != 0) {
            throw new AssertionError(c.name() + ": " + key + " must start at 0, got " + range);
        }
        return ((Number) range.get(1)).floatValue();
    }

    @Test
    void bothColourOpsAreOwnedByThisModule() {
        for (String op : handlers().keySet()) {
            assertTrue(ReferenceRunner.GAN.equals(ReferenceRunner.OWNERS.get(op)), op);
        }
    }
}
