package dev.colorize.opencl;

import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;

/** Copy, fill, unary, binary and where over strided (incl. stride-0 broadcast) views: elementwise.cl. */
final class ClElementwise {
    private static final int COPY = -1;

    private final OpenClBackend be;

    ClElementwise(OpenClBackend be) {
        this.be = be;
    }

    void copy(Tensor src, Tensor dst) {
        unaryCode(COPY, 0f, 0f, src, dst, "copy");
    }

    void fill(Tensor dst, float value) {
        ClLayout l = ClLayout.of("fill", dst);
        be.cl().launch("fill_view").arg(value).arg(l.numel).arg(l.rank).vec(l.shape)
                .mem(be.storage(dst, "fill")).arg(dst.offset()).vec(l.strides[0]).run1d(l.numel);
    }

    void unary(UnaryOp op, float p1, float p2, Tensor x, Tensor out) {
        unaryCode(code(op), p1, p2, x, out, op.name().toLowerCase(java.util.Locale.ROOT));
    }

    private void unaryCode(int code, float p1, float p2, Tensor x, Tensor out, String name) {
        ClLayout l = ClLayout.of(name, out, x);
        be.cl().launch("unary_op").arg(code).arg(p1).arg(p2).arg(l.numel).arg(l.rank).vec(l.shape)
                .mem(be.storage(x, name)).arg(x.offset()).vec(l.strides[1])
                .mem(be.storage(out, name)).arg(out.offset()).vec(l.strides[0]).run1d(l.numel);
    }

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        ClLayout l = ClLayout.of(name, out, a, b);
        be.cl().launch("binary_op").arg(code(op)).arg(l.numel).arg(l.rank).vec(l.shape)
                .mem(be.storage(a, name)).arg(a.offset()).vec(l.strides[1])
                .mem(be.storage(b, name)).arg(b.offset()).vec(l.strides[2])
                .mem(be.storage(out, name)).arg(out.offset()).vec(l.strides[0]).run1d(l.numel);
    }

    void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        ClLayout l = ClLayout.of("where", out, cond, a, b);
        be.cl().launch("where_op").arg(l.numel).arg(l.rank).vec(l.shape)
                .mem(be.storage(cond, "where")).arg(cond.offset()).vec(l.strides[1])
                .mem(be.storage(a, "where")).arg(a.offset()).vec(l.strides[2])
                .mem(be.storage(b, "where")).arg(b.offset()).vec(l.strides[3])
                .mem(be.storage(out, "where")).arg(out.offset()).vec(l.strides[0]).run1d(l.numel);
    }

    /** Op codes of unary_apply in elementwise.cl; exhaustive, so a new UnaryOp fails to compile here. */
    static int code(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case EXP -> 1;
            case LOG -> 2;
            case SQRT -> 3;
            case ABS -> 4;
            case SIGN -> 5;
            case TANH -> 6;
            case SIGMOID -> 7;
            case RELU -> 8;
            case LEAKY_RELU -> 9;
            case SOFTPLUS -> 10;
            case POW -> 11;
            case CLAMP -> 12;
            case AFFINE -> 13;
            case GT -> 14;
            case IN_RANGE -> 15;
            case EQ -> 16;
        };
    }

    /** Op codes of binary_apply in elementwise.cl. */
    static int code(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case MAX -> 4;
            case MIN -> 5;
            case GT -> 6;
            case EQ -> 7;
        };
    }
}
