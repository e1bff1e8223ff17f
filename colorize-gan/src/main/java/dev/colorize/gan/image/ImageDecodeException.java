package dev.colorize.gan.image;

import java.io.IOException;

/** An image file that cannot or must not be decoded; the message names the file and the reason. */
public final class ImageDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageDecodeException(String source, String reason) {
        super(source + ": " + reason);
    }

    public ImageDecodeException(String source, String reason, Throwable cause) {
        super(source + ": " + reason, cause);
    }
}
