package dev.colorize.core.backend.simd;

/**
 * One input of a GEMM as the packing routines see it: a logical matrix with an "outer" index
 * (rows of A, columns of B) and the reduction index {@code k}. Implementations read any layout
 * (strided views, implicit im2col) and write the packed panels the micro-kernel streams.
 */
interface Operand {

    /**
     * Packs elements {@code (o0 + o, p0 + p)} for {@code o < count}, {@code p < kc} into consecutive
     * panels of {@code width} outer indices: panel {@code q} starts at {@code q * width * kc}, and
     * inside it element {@code (o, p)} lives at {@code p * width + o % width}. Outer indices past
     * {@code count} in the last panel are written as zeros, so the micro-kernel never reads garbage.
     */
    void pack(float[] dst, int o0, int count, int p0, int kc, int width);

    /**
     * The array holding this operand already packed with panels of {@code width} (see
     * {@link PackedOperand}), or null when blocks must be packed with {@link #pack}.
     */
    default float[] packedArray(int width) {
        return null;
    }

    /** Where the block {@link #pack} would write for these arguments starts in {@link #packedArray}. */
    default int packedOffset(int o0, int p0, int kc, int width) {
        throw new UnsupportedOperationException("operand is not pre-packed");
    }
}
