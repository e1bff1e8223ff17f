package dev.colorize.gan.color;

import dev.colorize.core.io.SafeTensorFile;
import dev.colorize.core.io.SafeTensors;
import dev.colorize.gan.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The 8-bit lookup paths against the same skimage reference grid as the tensor path. */
class LabReferenceTest {

    @Test
    void eightBitPathsMatchSkimage() throws IOException {
        SafeTensorFile f = SafeTensors.read(TestData.referenceCase("color", "rgb2lab_grid"));
        float[] in = f.entry("input").floats();
        float[] expected = f.entry("output").floats();
        float[] lab = new float[3];
        // README tolerance for rgb2lab: atol 1e-5 scaled by max(1, max|expected|) = 100, rtol 1e-5.
        for (int i = 0; i < in.length; i += 3) {
            int packed = ((int) in[i] << 16) | ((int) in[i + 1] << 8) | (int) in[i + 2];
            Lab.rgb8ToLab(packed, lab, 0);
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[i + c], lab[c], 1e-3 + 1e-5 * Math.abs(expected[i + c]), "colour " + i / 3);
            }
            assertEquals(expected[i], Lab.rgb8ToL(packed), 1e-3 + 1e-5 * expected[i], "L of colour " + i / 3);
        }
    }
}
