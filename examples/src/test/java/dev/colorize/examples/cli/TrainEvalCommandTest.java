package dev.colorize.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainEvalCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return Main.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** Photos whose colour follows their brightness: a bright orange square on dark blue. */
    private static Path photos(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(20 + i, 18, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    boolean square = Math.abs(x - 4 - 2 * i) < 4 && Math.abs(y - 9) < 5;
                    img.setRGB(x, y, square ? 0xF0A040 : 0x203080);
                }
            }
            ImageIO.write(img, "png", dir.resolve("p" + i + ".png").toFile());
        }
        return dir;
    }

    @Test
    void trainResumeAndEvalAUnet(@TempDir Path dir) throws Exception {
        Path photos = photos(dir.resolve("photos"), 4);
        Path run = dir.resolve("run");
        String[] common = {"train", "--data", photos.toString(), "--out", run.toString(), "--generator", "unet",
                "--ngf", "2", "--ndf", "2", "--d-layers", "2", "--size", "16", "--batch", "2", "--objective", "lsgan",
                "--l1", "100", "--checkpoint-every", "2", "--sample-every", "3", "--log-every", "1", "--seed", "3"};
        assertEquals(0, run(concat(common, "--steps", "3")), err());
        String o = out();
        assertTrue(o.contains("4 images, 4 used, 0 grayscale skipped, 0 corrupt skipped"), o);
        assertTrue(o.contains("step 3/3") && o.contains("g_adv") && o.contains("g_rec") && o.contains("img/s")
                && o.contains("ETA 0:00:00"), o);
        assertTrue(o.contains("checkpoint " + run.resolve("checkpoints/step-000000002.safetensors")), o);
        for (String f : new String[] {"model.safetensors", "losses.csv", "losses.png", "samples/step-000000003.png",
                "checkpoints/step-000000003.safetensors"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        // Without --resume an existing run is refused; with it, training continues.
        assertEquals(1, run(concat(common, "--steps", "4")));
        assertTrue(err().contains("already has checkpoints"), err());
        assertEquals(0, run(concat(common, "--steps", "4", "--resume")), err());
        assertTrue(out().contains("resuming at step 3") && out().contains("step 4/4"), out());
        assertEquals(5, Files.readAllLines(run.resolve("losses.csv")).size());

        assertEquals(0, run("eval", "--model", run.resolve("model.safetensors").toString(), "--data", photos.toString(),
                "--mean-baseline", "--json", dir.resolve("eval.json").toString()), err());
        String json = out();
        assertTrue(json.contains("\"render_size\": 16") && json.contains("\"images\": 4")
                && json.contains("\"model\": {\"psnr\"") && json.contains("\"gray_baseline\": {")
                && json.contains("\"mean_ab_baseline\": {"), json);
        assertEquals(json, Files.readString(dir.resolve("eval.json")));

        // export sets config entries; the copy loads with them, a bad value is refused and nothing is written
        Path exported = dir.resolve("exported.safetensors");
        assertEquals(0, run("export", "--model", run.resolve("model.safetensors").toString(), "--out", exported.toString(),
                "--set", "saturation=1.5"), err());
        assertTrue(out().contains("saturation 1.5") && out().contains("render size 16"), out());
        assertEquals(0, run("eval", "--model", exported.toString(), "--data", photos.toString()), err());
        assertTrue(out().contains("\"gray_baseline\": {"), out());
        Path refused = dir.resolve("refused.safetensors");
        assertEquals(1, run("export", "--model", exported.toString(), "--out", refused.toString(), "--set", "saturation=-2"));
        assertTrue(err().contains("saturation") && !Files.exists(refused), err());
    }

    @Test
    void trainsTheColorfulGeneratorAloneAndReportsUsageErrors(@TempDir Path dir) throws Exception {
        Path photos = photos(dir.resolve("photos"), 2);
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--data", photos.toString(), "--out", run.toString(), "--generator", "colorful",
                "--width", "0.0625", "--objective", "none", "--l2", "10", "--size", "16", "--batch", "2", "--steps", "2", "--ema", "0.99",
                "--log-every", "1", "--sample-every", "0"), err());
        assertTrue(out().contains("generator eccv16") && out().contains("d -"), out());
        assertTrue(Files.exists(run.resolve("model.safetensors")));
        assertEquals(0, run("eval", "--model", run.resolve("model.safetensors").toString(), "--data", photos.toString()),
                err());
        assertTrue(out().contains("\"render_size\": 16"), out());

        Path second = dir.resolve("second");
        assertEquals(0, run("train", "--data", photos.toString(), "--out", second.toString(), "--generator", "colorful",
                "--width", "0.0625", "--objective", "lsgan", "--ndf", "4", "--d-layers", "1", "--size", "16", "--batch", "2",
                "--steps", "1", "--sample-every", "0", "--init-from", run.resolve("model.safetensors").toString()), err());
        assertTrue(out().contains("generator initialised from"), out());
        assertEquals(1, run("train", "--data", photos.toString(), "--out", dir.resolve("r4").toString(), "--steps", "1",
                "--size", "16", "--init-from", run.resolve("model.safetensors").toString()));
        assertTrue(err().contains("holds a 'eccv16' model"), err());

        assertEquals(2, run("train", "--out", run.toString(), "--steps", "1"));
        assertTrue(err().contains("--data"), err());
        assertEquals(1, run("train", "--data", photos.toString(), "--out", dir.resolve("r2").toString(), "--steps", "1",
                "--objective", "bogus"));
        assertTrue(err().contains("unknown objective 'bogus'"), err());
        assertEquals(1, run("train", "--data", photos.toString(), "--out", dir.resolve("r3").toString(), "--steps", "1",
                "--size", "18"));
        assertTrue(err().contains("multiple of"), err());
    }

    @Test
    void trainsTheClassificationHeadAndDecodesItWithTheAnnealedMean(@TempDir Path dir) throws Exception {
        Path photos = photos(dir.resolve("photos"), 2);
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--data", photos.toString(), "--out", run.toString(), "--generator", "colorful",
                "--head", "classification", "--width", "0.0625", "--objective", "lsgan", "--ndf", "4", "--d-layers", "1",
                "--size", "16", "--batch", "2", "--steps", "2", "--log-every", "1", "--sample-every", "0"), err());
        assertTrue(out().contains("classification loss over 313 ab bins"), out());
        assertEquals(0, run("eval", "--model", run.resolve("model.safetensors").toString(), "--data", photos.toString()),
                err());
        assertTrue(out().contains("\"auc\""), out());
        dev.colorize.gan.ModelFile model = dev.colorize.gan.ModelFile.read(run.resolve("model.safetensors"));
        assertEquals("classification", model.config().get("head"));
        assertEquals(313, model.weights().get("model_out.weight").size(1));
        // the U-Net (the default generator) takes the same head
        assertEquals(0, run("train", "--data", photos.toString(), "--out", dir.resolve("r2").toString(), "--steps", "2",
                "--head", "classification", "--rebalance", "1", "--ngf", "4", "--size", "16", "--batch", "2",
                "--objective", "none", "--log-every", "1", "--sample-every", "0"), err());
        dev.colorize.gan.ModelFile unet = dev.colorize.gan.ModelFile.read(dir.resolve("r2/model.safetensors"));
        assertEquals("unet", unet.architecture());
        assertEquals("classification", unet.config().get("head"));
        assertEquals(0, run("eval", "--model", dir.resolve("r2/model.safetensors").toString(), "--data", photos.toString()),
                err());
        assertEquals(1, run("train", "--data", photos.toString(), "--out", dir.resolve("r3").toString(), "--steps", "1",
                "--head", "banana"));
        assertTrue(err().contains("unknown head 'banana'"), err());
    }

    @Test
    void exportTurnsAPlainPyTorchStateDictIntoAModelFile(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("eccv16-plain.safetensors");
        dev.colorize.nn.StateDictIO.write(plain,
                dev.colorize.gan.models.Eccv16.builder().widths(2, 3, 4, 5).seed(1).build().stateDict());
        Path model = dir.resolve("eccv16.safetensors");
        assertEquals(1, run("export", "--model", plain.toString(), "--out", model.toString()));
        assertTrue(err().contains("not a colorize model file"), err());
        assertEquals(0, run("export", "--model", plain.toString(), "--architecture", "eccv16", "--out", model.toString()),
                err());
        assertEquals("eccv16", dev.colorize.gan.ModelFile.read(model).architecture());
        Path photos = photos(dir.resolve("photos"), 1);
        assertEquals(0, run("eval", "--model", model.toString(), "--data", photos.toString(), "--size", "16"), err());
        assertEquals(1, run("export", "--model", plain.toString(), "--architecture", "unet", "--out",
                dir.resolve("wrong.safetensors").toString()));
        assertTrue(!java.nio.file.Files.exists(dir.resolve("wrong.safetensors")), "nothing written on a mismatch");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
