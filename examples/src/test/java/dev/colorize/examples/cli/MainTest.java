package dev.colorize.examples.cli;

import dev.colorize.gan.ModelFile;
import dev.colorize.gan.image.ImageLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
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

    private static Path model(Path dir) throws IOException {
        Path file = dir.resolve("cli-test.safetensors");
        new ModelFile("cli-test", Map.of(), CliTestModel.weights()).write(file);
        return file;
    }

    private static Path photo(Path file, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, 40 + (150 * x) / w);
            }
        }
        ImageIO.write(img, file.toString().endsWith(".png") ? "png" : "jpeg", file.toFile());
        return file;
    }

    @Test
    void helpListsTheSubcommands() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("colorize") && out().contains("bench"), out());
        assertEquals(2, run());
    }

    @Test
    void singlePhotoGoesBesideTheInputAsNameColorPng(@TempDir Path dir) throws IOException {
        Path in = photo(dir.resolve("old.jpg"), 40, 30);
        assertEquals(0, run(in.toString(), "--model", model(dir).toString()), err());
        Path expected = dir.resolve("old-color.png");
        assertTrue(Files.exists(expected), out() + err());
        BufferedImage img = ImageLoader.defaults().read(expected);
        assertEquals(40, img.getWidth());
        assertEquals(30, img.getHeight());
        assertEquals(0, run(in.toString(), "-o", dir.resolve("x/named.png").toString(), "-m", model(dir).toString(),
                "--render-size", "8", "--threads", "1"), err());
        assertTrue(Files.exists(dir.resolve("x/named.png")));
    }

    @Test
    void foldersAndGlobsWithProgressAndPerFileErrors(@TempDir Path dir) throws IOException {
        photo(dir.resolve("a/one.png"), 20, 10);
        photo(dir.resolve("a/two.jpg"), 12, 16);
        photo(dir.resolve("b/three.png"), 9, 9);
        Files.writeString(dir.resolve("b/broken.png"), "not a png");
        Path outDir = dir.resolve("out");
        int code = run(dir.resolve("a").toString(), dir.resolve("b") + "/*.png", "-o", outDir.toString(),
                "-m", model(dir).toString(), "--threads", "2", "--batch-size", "1");
        assertEquals(1, code, "one broken file means exit code 1");
        try (Stream<Path> s = Files.list(outDir)) {
            assertEquals(List.of("one-color.png", "three-color.png", "two-color.png"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(err().contains("4/4"), "progress bar shows the count: " + err());
        assertTrue(err().contains("img/s"), err());
        assertTrue(err().contains("broken.png"), "the failing file is named: " + err());
        assertTrue(out().contains("3 of 4 photos colorized"), out());
    }

    @Test
    void clearErrorsForMissingInputsModelsAndPlannedSubcommands(@TempDir Path dir) throws IOException {
        assertEquals(1, run(dir.resolve("absent.jpg").toString(), "-m", model(dir).toString()));
        assertTrue(err().contains("absent.jpg"), err());
        Path in = photo(dir.resolve("p.png"), 8, 8);
        assertEquals(1, run(in.toString()));
        assertTrue(err().contains("default model is not bundled"), err());
        assertEquals(1, run(in.toString(), "--model", dir.resolve("nope.safetensors").toString()));
        assertTrue(err().contains("nope.safetensors"), err());
        assertEquals(2, run("train", "--epochs", "1")); // the train subcommand (TrainCommand) has no --epochs
        assertTrue(err().contains("Usage: colorize train"), err()); // a usage error of the real subcommand
        assertEquals(2, run(in.toString(), "--render-size"));
    }

    @Test
    void twoInputsWithTheSameNameAreNotWrittenOverEachOther(@TempDir Path dir) throws IOException {
        photo(dir.resolve("a/same.png"), 4, 4);
        photo(dir.resolve("b/same.png"), 4, 4);
        assertEquals(2, run(dir.resolve("a/same.png").toString(), dir.resolve("b/same.png").toString(),
                "-o", dir.resolve("out").toString(), "-m", model(dir).toString()));
        assertTrue(err().contains("would both be written to"), err());
    }

    @Test
    void benchReportsImagesPerSecond() {
        assertEquals(0, run("bench", "--arch", "cli-test", "--size", "32x24", "--seconds", "0.05", "--warmup", "0",
                "--threads", "2"), err());
        assertTrue(out().contains("single image") && out().contains("img/s"), out());
        assertTrue(out().contains("model cli-test, render 16, photo 32x24"), out());
    }

    @Test
    void progressLine() {
        assertEquals("[###############...............] 5/10  2.5 img/s  ETA 0:02", ProgressBar.line(5, 10, 0, 2.0));
        assertEquals("[##############################] 10/10  2.0 img/s  in 0:05  1 failed", ProgressBar.line(10, 10, 1, 5.0));
        assertEquals("1:01:01", ProgressBar.clock(3661));
    }

    @Test
    void globsExpandRelativeToTheirLiteralPrefix(@TempDir Path dir) throws IOException {
        photo(dir.resolve("s/x1.png"), 2, 2);
        photo(dir.resolve("s/deep/x2.png"), 2, 2);
        Files.writeString(dir.resolve("s/notes.txt"), "");
        assertEquals(List.of(dir.resolve("s/x1.png")), Inputs.expand(List.of(dir + "/s/*.png"), false));
        assertEquals(2, Inputs.expand(List.of(dir + "/s/**.png"), false).size());
        assertEquals(1, Inputs.expand(List.of(dir.resolve("s").toString()), false).size(), "folder: images only");
        assertEquals(2, Inputs.expand(List.of(dir.resolve("s").toString()), true).size(), "recursive");
    }
}
