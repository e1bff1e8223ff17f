package dev.colorize.opencl;

import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.colorize.opencl.ClTestSupport.REF;
import static dev.colorize.opencl.ClTestSupport.assertClose;
import static dev.colorize.opencl.ClTestSupport.randn;
import static dev.colorize.opencl.ClTestSupport.storage;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Nearest / bilinear upsampling and zero / reflect padding, forward and adjoint, on random sizes and views. */
class ResampleParityTest {
    private static final int CASES = 16;
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = ClTestSupport.backend();
    }

    @Test
    void upsampleAndAdjoint() {
        Random r = new Random(21);
        for (int c = 0; c < CASES; c++) {
            int n = 1 + r.nextInt(2), ch = 1 + r.nextInt(3), h = 1 + r.nextInt(6), w = 1 + r.nextInt(6);
            int sh = 1 + r.nextInt(3), sw = 1 + r.nextInt(3);
            boolean bilinear = c % 2 == 1;
            ClTestSupport.View xv = ClTestSupport.randomView(r, new int[] {n, ch, h, w}, false);
            ClTestSupport.View big = ClTestSupport.contiguous(n, ch, h * sh, w * sw);
            float[] x = randn(r, xv.storageSize());
            Tensor ro = big.on(REF, new float[big.storageSize()]), co = big.on(cl, new float[big.storageSize()]);
            REF.upsample(xv.on(REF, x), ro, sh, sw, bilinear);
            cl.upsample(xv.on(cl, x), co, sh, sw, bilinear);
            String what = (bilinear ? "bilinear" : "nearest") + " x" + sh + "," + sw + " " + xv;
            assertClose(storage(ro), storage(co), 1e-5f, 1e-5f, "upsample " + what);

            ClTestSupport.View gv = ClTestSupport.randomView(r, big.shape(), false);
            float[] g = randn(r, gv.storageSize());
            ClTestSupport.View small = ClTestSupport.contiguous(n, ch, h, w);
            float[] stale = randn(r, small.storageSize()); // the adjoint must overwrite, not accumulate
            Tensor rg = small.on(REF, stale), cg = small.on(cl, stale);
            REF.upsampleAdjoint(gv.on(REF, g), rg, sh, sw, bilinear);
            cl.upsampleAdjoint(gv.on(cl, g), cg, sh, sw, bilinear);
            assertClose(storage(rg), storage(cg), 1e-5f, 1e-5f, "upsampleAdjoint " + what);
        }
    }

    @Test
    void padAndAdjoint() {
        Random r = new Random(22);
        for (int c = 0; c < CASES; c++) {
            boolean reflect = c % 2 == 1;
            int h = 2 + r.nextInt(5), w = 2 + r.nextInt(5);
            int[] pads = reflect ? new int[] {r.nextInt(w), r.nextInt(w), r.nextInt(h), r.nextInt(h)}
                    : new int[] {r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3)};
            int[] shape = c % 4 == 2 ? new int[] {1 + r.nextInt(3), h, w} : new int[] {1 + r.nextInt(2), 1 + r.nextInt(3), h, w};
            int rank = shape.length;
            int[] outShape = shape.clone();
            outShape[rank - 2] += pads[2] + pads[3];
            outShape[rank - 1] += pads[0] + pads[1];
            ClTestSupport.View xv = ClTestSupport.randomView(r, shape, c % 3 == 0);
            float[] x = randn(r, xv.storageSize());
            ClTestSupport.View ov = ClTestSupport.contiguous(outShape);
            Tensor ro = ov.on(REF, new float[ov.storageSize()]), co = ov.on(cl, new float[ov.storageSize()]);
            REF.pad(xv.on(REF, x), ro, pads, reflect);
            cl.pad(xv.on(cl, x), co, pads, reflect);
            String what = (reflect ? "reflect " : "zero ") + java.util.Arrays.toString(pads) + " " + xv;
            assertClose(storage(ro), storage(co), 0f, 0f, "pad " + what);

            float[] g = randn(r, ov.storageSize());
            ClTestSupport.View small = ClTestSupport.contiguous(shape);
            float[] stale = randn(r, small.storageSize());
            Tensor rg = small.on(REF, stale), cg = small.on(cl, stale);
            REF.padAdjoint(ov.on(REF, g), rg, pads, reflect);
            cl.padAdjoint(ov.on(cl, g), cg, pads, reflect);
            assertClose(storage(rg), storage(cg), 1e-6f, 1e-6f, "padAdjoint " + what);
        }
    }

    @Test
    void reflectWiderThanInputIsRejected() {
        Tensor x = ClTestSupport.contiguous(1, 1, 2, 2).on(cl, new float[4]);
        Tensor out = ClTestSupport.contiguous(1, 1, 2, 6).on(cl, new float[12]);
        assertThrows(IllegalArgumentException.class, () -> cl.pad(x, out, new int[] {2, 2, 0, 0}, true));
    }
}
