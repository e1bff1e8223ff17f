package dev.colorize.gan.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds JPEG test files in memory: quality-100 encodes and a hand-written EXIF APP1 segment. */
final class JpegTestFiles {
    private JpegTestFiles() {
    }

    static byte[] encode(BufferedImage image) throws IOException {
        return encode(new IIOImage(image, null, null));
    }

    /** A 4-component (CMYK-like) JPEG encoded from a raster. */
    static byte[] encodeRaster(Raster raster) throws IOException {
        return encode(new IIOImage(raster, null, null));
    }

    private static byte[] encode(IIOImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(1f);
            writer.write(null, image, p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JPEG with an APP1 EXIF segment (IFD0 holding only Orientation) inserted right after SOI. */
    static byte[] withOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        tiff.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M'));
        tiff.putShort((short) 42).putInt(8);                  // TIFF header, IFD0 at offset 8
        tiff.putShort((short) 1);                             // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
        tiff.putShort((short) orientation).putShort((short) 0);      // value, padded to 4 bytes
        tiff.putInt(0);                                       // no next IFD
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        int length = exif.length + 2;
        byte[] out = new byte[jpeg.length + 4 + exif.length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xE1;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(exif, 0, out, 6, exif.length);
        System.arraycopy(jpeg, 2, out, 6 + exif.length, jpeg.length - 2);
        return out;
    }

    /** Offset of the first SOF0 segment's marker. */
    static int sofOffset(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                return i;
            }
        }
        throw new AssertionError("no SOF0 marker");
    }
}
