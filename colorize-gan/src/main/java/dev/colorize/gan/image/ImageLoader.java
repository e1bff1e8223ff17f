package dev.colorize.gan.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads image files safely: the dimensions are checked against a pixel cap before anything is
 * decoded (a decompression bomb is refused without allocating), JPEG EXIF orientation is applied,
 * CMYK/YCCK JPEGs and truncated or corrupt files are rejected with an {@link ImageDecodeException}
 * naming the file. Decoding happens in memory (no ImageIO cache files).
 *
 * <pre>{@code
 * BufferedImage img = ImageLoader.defaults().maxPixels(50_000_000).read(Path.of("photo.jpg"));
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class ImageLoader {
    /** Default cap: 100 megapixels (a 10000 x 10000 photo; about 1.6 GB of float Lab planes). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    private static final ImageLoader DEFAULTS = new ImageLoader(DEFAULT_MAX_PIXELS);

    private final long maxPixels;

    private ImageLoader(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public static ImageLoader defaults() {
        return DEFAULTS;
    }

    /** A loader that refuses images with more than {@code maxPixels} pixels. */
    public ImageLoader maxPixels(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
        }
        return new ImageLoader(maxPixels);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** The image in {@code file}, oriented for display. */
    public BufferedImage read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        return read(bytes, file.toString());
    }

    /** The image encoded in {@code bytes}; {@code source} names it in error messages. */
    public BufferedImage read(byte[] bytes, String source) throws ImageDecodeException {
        int orientation = 1;
        boolean jpeg = JpegHeader.isJpeg(bytes);
        if (jpeg) {
            JpegHeader header = JpegHeader.parse(bytes);
            if (header.components() == 4) {
                throw new ImageDecodeException(source, "CMYK/YCCK JPEG (4 colour components) is not supported; "
                        + "convert it to RGB first");
            }
            if (header.components() != 1 && header.components() != 3) {
                throw new ImageDecodeException(source, "unsupported or corrupt JPEG: frame header gives "
                        + header.components() + " components (expected 1 or 3)");
            }
            orientation = header.orientation();
        }
        return Orientation.apply(decode(bytes, source, jpeg), orientation);
    }

    private BufferedImage decode(byte[] bytes, String source, boolean jpeg) throws ImageDecodeException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException(source, "not an image in a supported format (PNG, JPEG, GIF, BMP, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new ImageDecodeException(source, "invalid dimensions " + w + " x " + h);
                }
                if (w * h > maxPixels) {
                    throw new ImageDecodeException(source, "image is " + w + " x " + h + " = " + w * h
                            + " pixels, above the limit of " + maxPixels + " (raise it with maxPixels)");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                // The JPEG decoder only warns about missing data and fills the rest with gray.
                if (jpeg && !warnings.isEmpty()) {
                    throw new ImageDecodeException(source, "truncated or corrupt JPEG: " + String.join("; ", warnings));
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(source, "truncated or corrupt image: " + e, e);
        }
    }
}
