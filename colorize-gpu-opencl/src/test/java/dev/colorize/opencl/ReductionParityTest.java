package dev.colorize.opencl;

import dev.colorize.core.backend.ReduceOp;
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

/** Reductions over random dimension sets (short and long, so both kernels run) and max-with-index. */
class ReductionParityTest {
    private static final int CASES = 16;
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = ClTestSupport.backend();
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceOverRandomDims(ReduceOp op) {
        Random r = new Random(op.ordinal() + 100);
        for (int c = 0; c < CASES; c++) {
            int[] shape = c < CASES / 2 ? randomShape(r, 4, 6) : new int[] {1 + r.nextInt(3), 50 + r.nextInt(200)};
            boolean[] dims = new boolean[shape.length];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = r.nextBoolean();
            }
            if (c % 5 == 0) {
                java.util.Arrays.fill(dims, true);
            }
            if (c >= CASES / 2) {
                dims[shape.length - 1] = true;
            }
            ClTestSupport.View xv = randomView(r, shape, c % 3 == 0);
            float[] x = randn(r, xv.storageSize());
            if (op != ReduceOp.SUM && c == 3) {
                java.util.Arrays.fill(x, Float.NaN);
            }
            int[] outShape = shape.clone();
            for (int d = 0; d < dims.length; d++) {
                outShape[d] = dims[d] ? 1 : shape[d];
            }
            ClTestSupport.View ov = ClTestSupport.contiguous(outShape);
            Tensor ro = ov.on(REF, new float[ov.storageSize()]), co = ov.on(cl, new float[ov.storageSize()]);
            REF.reduce(op, xv.on(REF, x), dims, ro);
            cl.reduce(op, xv.on(cl, x), dims, co);
            assertClose(storage(ro), storage(co), 2e-5f, 2e-5f, op + " " + xv + " dims " + java.util.Arrays.toString(dims));
        }
    }

    @Test
    void maxAlongDimWithTiesAndNaN() {
        Random r = new Random(7);
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(r, 4, 6);
            int dim = r.nextInt(shape.length);
            ClTestSupport.View xv = randomView(r, shape, c % 4 == 0);
            float[] x = randn(r, xv.storageSize());
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(x[i] * 2) / 2f; // ties: the first index must win
            }
            if (c == 5) {
                x[r.nextInt(x.length)] = Float.NaN;
            }
            int[] outShape = shape.clone();
            outShape[dim] = 1;
            ClTestSupport.View ov = ClTestSupport.contiguous(outShape);
            Tensor rv = ov.on(REF, new float[ov.storageSize()]), ri = ov.on(REF, new float[ov.storageSize()]);
            Tensor cv = ov.on(cl, new float[ov.storageSize()]), ci = ov.on(cl, new float[ov.storageSize()]);
            REF.maxAlongDim(xv.on(REF, x), dim, rv, ri);
            cl.maxAlongDim(xv.on(cl, x), dim, cv, ci);
            assertClose(storage(rv), storage(cv), 0f, 0f, "max values " + xv + " dim " + dim);
            assertClose(storage(ri), storage(ci), 0f, 0f, "max indices " + xv + " dim " + dim);
        }
    }

    @Test
    void reduceIntoStridedOutput() {
        Random r = new Random(9);
        int[] shape = {3, 70};
        ClTestSupport.View xv = randomView(r, shape, false);
        float[] x = randn(r, xv.storageSize());
        ClTestSupport.View ov = new ClTestSupport.View(8, 1, new int[] {3, 1}, new int[] {2, 1});
        float[] o = randn(r, 8);
        Tensor ro = ClTestSupport.contiguous(3, 1).on(REF, new float[3]), co = ov.on(cl, o);
        REF.reduce(ReduceOp.SUM, xv.on(REF, x), new boolean[] {false, true}, ro);
        cl.reduce(ReduceOp.SUM, xv.on(cl, x), new boolean[] {false, true}, co);
        float[] around = storage(co);
        assertClose(new float[] {o[0], o[2], o[4], o[6], o[7]}, new float[] {around[0], around[2], around[4], around[6], around[7]},
                0f, 0f, "untouched gaps of the strided out");
        assertClose(ro.toArray(), co.toArray(), 2e-5f, 2e-5f, "sum into strided out");
    }
}
