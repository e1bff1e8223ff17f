package dev.colorize.opencl;

import dev.colorize.core.backend.BinaryOp;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.colorize.opencl.ClTestSupport.REF;
import static dev.colorize.opencl.ClTestSupport.assertClose;
import static dev.colorize.opencl.ClTestSupport.randn;
import static dev.colorize.opencl.ClTestSupport.randomShape;
import static dev.colorize.opencl.ClTestSupport.randomView;
import static dev.colorize.opencl.ClTestSupport.storage;

/** Every elementwise kernel against the scalar reference on random strided, stepped and broadcast views. */
class ElementwiseParityTest {
    private static final int CASES = 12;
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = ClTestSupport.backend();
    }

    @Test
    void copyIntoStridedViews() {
        Random r = new Random(1);
        for (int c = 0; c < CASES * 2; c++) {
            int[] shape = randomShape(r, 5, 5);
            ClTestSupport.View src = randomView(r, shape, true);
            ClTestSupport.View dst = randomView(r, shape, false);
            float[] s = randn(r, src.storageSize());
            float[] d = randn(r, dst.storageSize());
            Tensor rd = dst.on(REF, d), cd = dst.on(cl, d);
            REF.copy(src.on(REF, s), rd);
            cl.copy(src.on(cl, s), cd);
            assertClose(storage(rd), storage(cd), 0f, 0f, "copy " + src + " -> " + dst);
        }
    }

    @Test
    void fillStridedView() {
        Random r = new Random(2);
        for (int c = 0; c < CASES; c++) {
            ClTestSupport.View dst = randomView(r, randomShape(r, 4, 6), false);
            float[] d = randn(r, dst.storageSize());
            Tensor rd = dst.on(REF, d), cd = dst.on(cl, d);
            REF.fill(rd, 2.5f);
            cl.fill(cd, 2.5f);
            assertClose(storage(rd), storage(cd), 0f, 0f, "fill " + dst);
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unary(UnaryOp op) {
        Random r = new Random(op.ordinal() + 10);
        float[][] params = {{0.1f, 0f}, {-0.5f, 0.75f}, {Float.NaN, 0.3f}, {2f, 1f}, {0f, Float.NaN}, {3f, 20f}};
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(r, 4, 6);
            ClTestSupport.View xv = randomView(r, shape, true);
            float[] x = randn(r, xv.storageSize());
            if (op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = Math.abs(x[i]) + 0.05f;
                }
            }
            if (op == UnaryOp.EQ) {
                x[r.nextInt(x.length)] = params[c % params.length][0];
            }
            float[] p = params[c % params.length];
            if (op == UnaryOp.SOFTPLUS && !(p[0] > 0)) {
                p = new float[] {1f, 20f};
            }
            ClTestSupport.View ov = ClTestSupport.contiguous(shape);
            Tensor ro = ov.on(REF, new float[ov.storageSize()]), co = ov.on(cl, new float[ov.storageSize()]);
            REF.unary(op, p[0], p[1], xv.on(REF, x), ro);
            cl.unary(op, p[0], p[1], xv.on(cl, x), co);
            assertClose(storage(ro), storage(co), 1e-6f, 2e-6f, op + " p=" + p[0] + "," + p[1] + " " + xv);
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryWithBroadcastAndStridedOutput(BinaryOp op) {
        Random r = new Random(op.ordinal() + 40);
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(r, 5, 5);
            ClTestSupport.View av = randomView(r, shape, true);
            ClTestSupport.View bv = randomView(r, shape, true);
            ClTestSupport.View ov = c % 2 == 0 ? ClTestSupport.contiguous(shape) : randomView(r, shape, false);
            float[] a = randn(r, av.storageSize());
            float[] b = randn(r, bv.storageSize());
            if (op == BinaryOp.EQ || op == BinaryOp.MAX) {
                System.arraycopy(a, 0, b, 0, Math.min(a.length, b.length) / 2);
            }
            float[] o = randn(r, ov.storageSize());
            Tensor ro = ov.on(REF, o), co = ov.on(cl, o);
            REF.binary(op, av.on(REF, a), bv.on(REF, b), ro);
            cl.binary(op, av.on(cl, a), bv.on(cl, b), co);
            assertClose(storage(ro), storage(co), 0f, 1e-6f, op + " " + av + " " + bv + " -> " + ov);
        }
    }

    @Test
    void binaryEdgeValuesMatchJavaSemantics() {
        float[] a = {Float.NaN, 1f, -0f, 0f, Float.POSITIVE_INFINITY, 3f};
        float[] b = {1f, Float.NaN, 0f, -0f, 2f, 3f};
        for (BinaryOp op : BinaryOp.values()) {
            ClTestSupport.View v = ClTestSupport.contiguous(6);
            Tensor ro = v.on(REF, new float[6]), co = v.on(cl, new float[6]);
            REF.binary(op, v.on(REF, a), v.on(REF, b), ro);
            cl.binary(op, v.on(cl, a), v.on(cl, b), co);
            float[] e = storage(ro), g = storage(co);
            for (int i = 0; i < 6; i++) {
                if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(g[i])) {
                    throw new AssertionError(op + "(" + a[i] + ", " + b[i] + "): expected " + e[i] + " but was " + g[i]);
                }
            }
        }
    }

    @Test
    void whereWithBroadcastCondition() {
        Random r = new Random(77);
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(r, 4, 5);
            ClTestSupport.View cv = randomView(r, shape, true);
            ClTestSupport.View av = randomView(r, shape, true);
            ClTestSupport.View bv = randomView(r, shape, true);
            float[] cond = new float[cv.storageSize()];
            for (int i = 0; i < cond.length; i++) {
                cond[i] = r.nextBoolean() ? 1f : 0f;
            }
            float[] a = randn(r, av.storageSize()), b = randn(r, bv.storageSize());
            ClTestSupport.View ov = ClTestSupport.contiguous(shape);
            Tensor ro = ov.on(REF, new float[ov.storageSize()]), co = ov.on(cl, new float[ov.storageSize()]);
            REF.where(cv.on(REF, cond), av.on(REF, a), bv.on(REF, b), ro);
            cl.where(cv.on(cl, cond), av.on(cl, a), bv.on(cl, b), co);
            assertClose(storage(ro), storage(co), 0f, 0f, "where " + cv);
        }
    }
}
