package dev.colorize.gan.image;

/**
 * The Orientation tag (0x0112) of an EXIF block: a TIFF header (II or MM byte order) and IFD0.
 * Parsed by hand so the library needs no metadata dependency; anything malformed means "1" (as is).
 */
final class Exif {
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private Exif() {
    }

    /** Whether the APP1 payload {@code b[from, to)} starts with {@code "Exif\0\0"}. */
    static boolean isExif(byte[] b, int from, int to) {
        return to - from >= 14 && b[from] == 'E' && b[from + 1] == 'x' && b[from + 2] == 'i' && b[from + 3] == 'f'
                && b[from + 4] == 0 && b[from + 5] == 0;
    }

    /** The orientation 1..8 in the TIFF structure at {@code b[tiff, end)}; 1 when absent or invalid. */
    static int orientation(byte[] b, int tiff, int end) {
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(b, tiff + 2, little) != 42) {
            return 1;
        }
        long ifd = tiff + u32(b, tiff + 4, little);
        if (ifd < tiff || ifd + 2 > end) {
            return 1;
        }
        int entries = u16(b, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int e = (int) ifd + 2 + 12 * i;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, little) == ORIENTATION_TAG) {
                int value = u16(b, e + 8, little);
                boolean valid = u16(b, e + 2, little) == TYPE_SHORT && u32(b, e + 4, little) >= 1;
                return valid && value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int i, boolean little) {
        int b0 = b[i] & 0xFF, b1 = b[i + 1] & 0xFF;
        return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
    }

    private static long u32(byte[] b, int i, boolean little) {
        long lo = u16(b, little ? i : i + 2, little), hi = u16(b, little ? i + 2 : i, little);
        return (hi << 16) | lo;
    }
}
