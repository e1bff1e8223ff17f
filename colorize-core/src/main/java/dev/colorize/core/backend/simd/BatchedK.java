package dev.colorize.core.backend.simd;

import java.util.function.IntFunction;

/**
 * Several images' operands laid end to end along the reduction index: {@code k = n * perImage + j}
 * reads element (o, j) of image n's operand. Makes a sum over a batch one GEMM (the weight gradient
 * {@code sum_n gy[n] * cols[n]^T}) instead of one accumulating product per image, so C is read and
 * written once per KC block of the whole batch rather than once per image.
 */
final class BatchedK implements Operand {
    private final IntFunction<Operand> image;
    private final int perImage;

    BatchedK(IntFunction<Operand> image, int perImage) {
        this.image = image;
        this.perImage = perImage;
    }

    @Override
    public void pack(float[] dst, int o0, int count, int p0, int kc, int width) {
        int first = p0 / perImage;
        if ((p0 + kc - 1) / perImage == first) {
            image.apply(first).pack(dst, o0, count, p0 - first * perImage, kc, width);
            return;
        }
        // The block straddles images: pack each piece, then move its panel slices into place
        // (panel q of the block holds k rows p0..p0+kc-1, width floats each).
        int panels = Sgemm.ceilDiv(count, width);
        for (int p = p0; p < p0 + kc; ) {
            int n = p / perImage;
            int from = p - n * perImage;
            int len = Math.min(perImage - from, p0 + kc - p);
            float[] piece = Scratch.get().piece(panels * width * len);
            image.apply(n).pack(piece, o0, count, from, len, width);
            for (int q = 0; q < panels; q++) {
                System.arraycopy(piece, q * width * len, dst, q * width * kc + (p - p0) * width, width * len);
            }
            p += len;
        }
    }
}
