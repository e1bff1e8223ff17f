package dev.colorize.gan.image;

/**
 * What the marker segments before a JPEG's first scan say: the EXIF orientation and the number of
 * colour components of the frame. Reads only the header; never the entropy-coded data.
 */
record JpegHeader(int orientation, int components) {

    static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }

    /** Parses the segments after SOI up to SOS; malformed lengths end the scan (the decoder will complain). */
    static JpegHeader parse(byte[] b) {
        int orientation = 1;
        boolean exifSeen = false;
        int components = -1;
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                break;
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // stand-alone markers
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of scan or end of image: the header is over
            }
            int length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            int data = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > b.length) {
                break;
            }
            if (marker == 0xE1 && !exifSeen && Exif.isExif(b, data, end)) {
                exifSeen = true;
                orientation = Exif.orientation(b, data + 6, end);
            } else if (isStartOfFrame(marker) && end - data >= 6) {
                components = b[data + 5] & 0xFF;
            }
            pos = end;
        }
        return new JpegHeader(orientation, components);
    }

    private static boolean isStartOfFrame(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }
}
