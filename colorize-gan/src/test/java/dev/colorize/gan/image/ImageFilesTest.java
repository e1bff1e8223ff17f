package dev.colorize.gan.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageFilesTest {

    @Test
    void writesPngWithAlphaAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x80FF0000);
        img.setRGB(2, 1, 0xFF00FF00);
        Path out = dir.resolve("sub/out.png");
        ImageFiles.write(img, out);
        BufferedImage back = ImageLoader.defaults().read(out);
        assertEquals(0x80FF0000, back.getRGB(0, 0));
        assertEquals(0xFF00FF00, back.getRGB(2, 1));
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "only the output file");
        }
    }

    @Test
    void jpegOutputDropsAlpha(@TempDir Path dir) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        Path out = dir.resolve("out.jpg");
        ImageFiles.write(img, out);
        assertEquals(8, ImageLoader.defaults().read(out).getWidth());
    }

    @Test
    void unknownFormatLeavesTheExistingFileUntouched(@TempDir Path dir) throws IOException {
        Path existing = dir.resolve("keep.xyz");
        Files.writeString(existing, "precious");
        assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), existing));
        assertArrayEquals("precious".getBytes(), Files.readAllBytes(existing));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
