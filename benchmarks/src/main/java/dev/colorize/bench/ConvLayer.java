package dev.colorize.bench;

/**
 * One distinct convolution of pix2pix {@code unet_256} (ngf 64), named like the torch peer's
 * LAYER lines with spaces and arrows turned into dashes: {@code conv-1x256x256-64x128x128} or
 * {@code deconv-1024x2x2-512x4x4}. Every layer is kernel 4, stride 2, padding 1; a deconv is a
 * ConvTranspose2d, i.e. {@code Backend.conv2dInputGrad} with the conv weight [in, out, 4, 4].
 */
record ConvLayer(boolean transposed, int inC, int inH, int inW, int outC, int outH, int outW) {
    static final int K = 4;

    static ConvLayer parse(String name) {
        String[] parts = name.split("-");
        if (parts.length != 3 || !(parts[0].equals("conv") || parts[0].equals("deconv"))) {
            throw new IllegalArgumentException("layer name must look like conv-CxHxW-OxHxW, got " + name);
        }
        int[] in = dims(parts[1]);
        int[] out = dims(parts[2]);
        return new ConvLayer(parts[0].equals("deconv"), in[0], in[1], in[2], out[0], out[1], out[2]);
    }

    private static int[] dims(String s) {
        String[] p = s.split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    /** Multiply-adds times two, counted like the peer (convolution only, no bias). */
    double flops() {
        return transposed
                ? 2.0 * inC * inH * inW * outC * K * K
                : 2.0 * outC * outH * outW * inC * K * K;
    }
}
