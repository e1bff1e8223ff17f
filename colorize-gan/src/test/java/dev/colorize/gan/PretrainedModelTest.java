package dev.colorize.gan;

import dev.colorize.gan.color.Lab;
import dev.colorize.gan.image.ImageLoader;
import dev.colorize.gan.image.LabImage;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default model embedded in the jar: it loads, and colorizes a real old photograph plausibly. */
class PretrainedModelTest {
    private static final Path PHOTO = Path.of("../examples/photos/nagasaki-boats.jpg");

    @Test
    void embeddedModelColorizesAnOldPhotograph() throws Exception {
        assertTrue(Files.exists(PHOTO), "sample photo missing: " + PHOTO.toAbsolutePath());
        Colorizer c = Colorizer.pretrained();
        assertEquals(128, c.renderSize());
        BufferedImage in = ImageLoader.defaults().read(PHOTO);
        BufferedImage out = c.colorize(in);
        assertEquals(in.getWidth(), out.getWidth());
        assertEquals(in.getHeight(), out.getHeight());

        LabImage before = LabImage.of(in);
        LabImage after = LabImage.of(out);
        float[] lIn = before.l();
        float[] lOut = after.l();
        float[] a = after.a();
        float[] b = after.b();
        double maxLDiff = 0;
        double chroma = 0;
        int colourful = 0;
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < lIn.length; i++) {
            maxLDiff = Math.max(maxLDiff, Math.abs(lIn[i] - lOut[i]));
            double ch = Math.hypot(a[i], b[i]);
            chroma += ch;
            colourful += ch > 10 ? 1 : 0;
            meanA += a[i];
            meanB += b[i];
        }
        int n = lIn.length;
        chroma /= n;
        meanA /= n;
        meanB /= n;
        // L survives up to 8-bit rounding of the output (a few tenths of an L unit; out-of-gamut clipping aside)
        assertTrue(maxLDiff < 3.0, "L changed by up to " + maxLDiff);
        // visibly coloured: mean chroma well above a gray photo's, a real share of strongly coloured pixels
        assertTrue(chroma > 4, "mean chroma " + chroma);
        assertTrue(colourful > n / 20, "only " + colourful + " of " + n + " pixels have chroma > 10");
        // not just a uniform sepia/brown cast: the sky (top rows) is bluer (lower b) than the photo's mean
        int w = in.getWidth();
        double skyB = 0;
        int rows = in.getHeight() / 8;
        for (int i = 0; i < rows * w; i++) {
            skyB += b[i];
        }
        skyB /= rows * w;
        assertTrue(skyB < meanB - 3, "sky b " + skyB + " vs mean b " + meanB + " (mean a " + meanA + ")");
        float[] lab = new float[3];
        Lab.rgb8ToLab(out.getRGB(w / 2, 5), lab, 0);
        assertTrue(lab[2] < 0, "the sky should come out blue, got Lab b " + lab[2]);
    }
}
