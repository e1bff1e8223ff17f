package dev.colorize.opencl;

/** The OpenCL device could not hold a requested buffer; the message names the size and the device. */
public final class OpenClOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OpenClOutOfMemoryException(String message) {
        super(message);
    }
}
