package dev.colorize.gan.metrics;

import dev.colorize.gan.Colorizer;
import dev.colorize.gan.TestModels;
import dev.colorize.gan.color.Lab;
import dev.colorize.gan.color.Normalization;
import dev.colorize.gan.data.ImageFolder;
import dev.colorize.gan.image.LabImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {

    private static void write(Path file, int rgb, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void aModelThatPredictsTheTrueAbBeatsTheGrayBaseline(@TempDir Path dir) throws Exception {
        int rgb = 0xC87850; // one flat colour: its ab is constant, so a constant predictor is right
        write(dir.resolve("a.png"), rgb, 40, 24);
        write(dir.resolve("b.png"), rgb, 24, 32);
        write(dir.resolve("gray.png"), 0x808080, 16, 16);
        float[] lab = new float[3];
        Lab.rgb8ToLab(rgb, lab, 0);
        Colorizer colorizer = Colorizer.of(new TestModels.Tint(0, 0, lab[1], lab[2])).renderSize(16);

        EvalReport r = Evaluation.of(colorizer).meanAbBaseline(true).run(ImageFolder.of(dir));
        assertEquals(2, r.images());
        assertEquals(1, r.skippedGray());
        Scores model = r.scores("model"), gray = r.scores("gray_baseline"), mean = r.scores("mean_ab_baseline");
        // Float noise from upsampling a constant keeps errors just above 0: the curve is 1 from t = 1.
        assertTrue(model.auc() > 1 - 0.5 / 150 - 1e-9, "auc " + model.auc());
        assertTrue(model.psnr() > 45, "psnr " + model.psnr());
        assertEquals(1.0, model.ssim(), 1e-3);
        // The gray baseline's scores are those of L with ab = 0, computed directly.
        LabImage truth = LabImage.of(ImageIO.read(dir.resolve("a.png").toFile()));
        Rgb8 grayRgb = Rgb8.of(LabImage.of(truth.width(), truth.height(), truth.l(), null, null, null));
        Rgb8 truthRgb = Rgb8.of(ImageIO.read(dir.resolve("a.png").toFile()));
        assertEquals(Psnr.of(grayRgb, truthRgb), gray.psnr(), 1e-9);
        assertEquals(0.0, gray.colorfulness(), 1e-12);
        double chroma = Math.hypot(lab[1], lab[2]);
        assertEquals(1 - (Math.ceil(chroma) - 0.5) / 150, gray.auc(), 1e-9);
        assertTrue(model.psnr() > gray.psnr());
        assertEquals(Colorfulness.of(truthRgb), r.truthColorfulness(), 1e-9);
        // With one colour in the data set, its mean ab is the truth too.
        assertTrue(mean.auc() > 0.99, "mean baseline auc " + mean.auc());

        String json = r.toJson();
        assertEquals(1, json.split("\"model\"", -1).length - 1, "one 'model' key (the scores): " + json);
        Object parsed = dev.colorize.core.io.Json.parse(json);   // valid JSON
        assertTrue(parsed instanceof java.util.Map);
        for (String key : new String[] {"\"model\": {", "\"gray_baseline\": {", "\"mean_ab_baseline\": {", "\"auc\"",
                "\"skipped_grayscale\": 1", "\"images\": 2", "\"render_size\": 16"}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        assertTrue(Normalization.AB_SCALE > 0);
    }
}
