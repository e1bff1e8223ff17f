package dev.colorize.opencl;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.colorize.opencl.ClTestSupport.REF;
import static dev.colorize.opencl.ClTestSupport.assertClose;
import static dev.colorize.opencl.ClTestSupport.randn;
import static dev.colorize.opencl.ClTestSupport.storage;

/** GEMM on odd sizes and transposed / broadcast operands; convolution and both its gradients on random geometry. */
class LinearParityTest {
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = ClTestSupport.backend();
    }

    /** A [B, R, C] view: contiguous, transposed in the last two dims, or batch-broadcast (stride 0). */
    private static ClTestSupport.View operand(Random r, int batch, int rows, int cols, int kind) {
        int off = r.nextInt(3);
        return switch (kind) {
            case 1 -> new ClTestSupport.View(off + batch * rows * cols, off, new int[] {batch, rows, cols},
                    new int[] {rows * cols, 1, rows});
            case 2 -> new ClTestSupport.View(off + rows * cols, off, new int[] {batch, rows, cols}, new int[] {0, cols, 1});
            default -> new ClTestSupport.View(off + batch * rows * cols, off, new int[] {batch, rows, cols},
                    new int[] {rows * cols, cols, 1});
        };
    }

    @Test
    void matmulOddSizesTransposedAndBroadcast() {
        Random r = new Random(5);
        for (int c = 0; c < 24; c++) {
            int batch = 1 + r.nextInt(3);
            int m = 1 + r.nextInt(c < 20 ? 40 : 150), k = 1 + r.nextInt(c < 20 ? 40 : 150), n = 1 + r.nextInt(c < 20 ? 40 : 150);
            ClTestSupport.View av = operand(r, batch, m, k, r.nextInt(3));
            ClTestSupport.View bv = operand(r, batch, k, n, r.nextInt(3));
            float[] a = randn(r, av.storageSize()), b = randn(r, bv.storageSize());
            ClTestSupport.View ov = ClTestSupport.contiguous(batch, m, n);
            Tensor ro = ov.on(REF, new float[ov.storageSize()]), co = ov.on(cl, new float[ov.storageSize()]);
            REF.matmul(av.on(REF, a), bv.on(REF, b), ro);
            cl.matmul(av.on(cl, a), bv.on(cl, b), co);
            assertClose(storage(ro), storage(co), 1e-4f * (float) Math.sqrt(k), 1e-4f, "matmul " + av + " @ " + bv);
        }
    }

    /** Random convolution problems: kernel 1..4, stride 1..3, padding 0..2, dilation 1..2, and 1x1 pointwise ones. */
    private record Problem(int n, int c, int h, int w, int o, int kh, int kw, ConvSpec spec, int oh, int ow) {
        static Problem random(Random r, boolean pointwise) {
            int kh = pointwise ? 1 : 1 + r.nextInt(4), kw = pointwise ? 1 : 1 + r.nextInt(4);
            ConvSpec spec = pointwise ? ConvSpec.of(1, 0)
                    : new ConvSpec(1 + r.nextInt(3), 1 + r.nextInt(3), r.nextInt(3), r.nextInt(3),
                    1 + r.nextInt(2), 1 + r.nextInt(2), 0, 0);
            int h = Math.max(spec.dilationH() * (kh - 1) + 1 - 2 * spec.padH(), 1) + r.nextInt(7);
            int w = Math.max(spec.dilationW() * (kw - 1) + 1 - 2 * spec.padW(), 1) + r.nextInt(7);
            int oh = spec.convOutH(h, kh), ow = spec.convOutW(w, kw);
            return new Problem(1 + r.nextInt(3), 1 + r.nextInt(4), h, w, 1 + r.nextInt(5), kh, kw, spec, oh, ow);
        }
    }

    @Test
    void conv2dForward() {
        Random r = new Random(11);
        for (int c = 0; c < 24; c++) {
            Problem p = Problem.random(r, c % 6 == 0);
            ClTestSupport.View xv = c % 4 == 1 ? ClTestSupport.randomView(r, new int[] {p.n, p.c, p.h, p.w}, false)
                    : ClTestSupport.contiguous(p.n, p.c, p.h, p.w);
            ClTestSupport.View wv = ClTestSupport.contiguous(p.o, p.c, p.kh, p.kw);
            float[] x = randn(r, xv.storageSize()), w = randn(r, wv.storageSize()), bias = randn(r, p.o);
            boolean withBias = c % 2 == 0;
            ClTestSupport.View ov = ClTestSupport.contiguous(p.n, p.o, p.oh, p.ow);
            Tensor ro = ov.on(REF, new float[ov.storageSize()]), co = ov.on(cl, new float[ov.storageSize()]);
            ClTestSupport.View bv = ClTestSupport.contiguous(p.o);
            REF.conv2d(xv.on(REF, x), wv.on(REF, w), withBias ? bv.on(REF, bias) : null, ro, p.spec);
            cl.conv2d(xv.on(cl, x), wv.on(cl, w), withBias ? bv.on(cl, bias) : null, co, p.spec);
            assertClose(storage(ro), storage(co), 2e-4f, 1e-4f, "conv2d " + p);
        }
    }

    @Test
    void conv2dInputGradIsTheTransposedConvolution() {
        Random r = new Random(12);
        for (int c = 0; c < 24; c++) {
            Problem p = Problem.random(r, c % 6 == 0);
            ClTestSupport.View gv = ClTestSupport.contiguous(p.n, p.o, p.oh, p.ow);
            ClTestSupport.View wv = c % 3 == 1 ? ClTestSupport.randomView(r, new int[] {p.o, p.c, p.kh, p.kw}, false)
                    : ClTestSupport.contiguous(p.o, p.c, p.kh, p.kw);
            float[] g = randn(r, gv.storageSize()), w = randn(r, wv.storageSize());
            ClTestSupport.View xv = ClTestSupport.contiguous(p.n, p.c, p.h, p.w);
            Tensor rx = xv.on(REF, new float[xv.storageSize()]), cx = xv.on(cl, new float[xv.storageSize()]);
            REF.conv2dInputGrad(gv.on(REF, g), wv.on(REF, w), rx, p.spec);
            cl.conv2dInputGrad(gv.on(cl, g), wv.on(cl, w), cx, p.spec);
            assertClose(storage(rx), storage(cx), 2e-4f, 1e-4f, "conv2dInputGrad " + p);
        }
    }

    @Test
    void conv2dWeightGrad() {
        Random r = new Random(13);
        for (int c = 0; c < 24; c++) {
            Problem p = Problem.random(r, c % 6 == 0);
            ClTestSupport.View xv = ClTestSupport.contiguous(p.n, p.c, p.h, p.w);
            ClTestSupport.View gv = c % 3 == 2 ? ClTestSupport.randomView(r, new int[] {p.n, p.o, p.oh, p.ow}, false)
                    : ClTestSupport.contiguous(p.n, p.o, p.oh, p.ow);
            float[] x = randn(r, xv.storageSize()), g = randn(r, gv.storageSize());
            ClTestSupport.View wv = ClTestSupport.contiguous(p.o, p.c, p.kh, p.kw);
            Tensor rw = wv.on(REF, new float[wv.storageSize()]), cw = wv.on(cl, new float[wv.storageSize()]);
            REF.conv2dWeightGrad(xv.on(REF, x), gv.on(REF, g), rw, p.spec);
            cl.conv2dWeightGrad(xv.on(cl, x), gv.on(cl, g), cw, p.spec);
            assertClose(storage(rw), storage(cw), 5e-4f, 1e-4f, "conv2dWeightGrad " + p);
        }
    }

    @Test
    void convolutionsSplitIntoBatchChunksWhenColumnsExceedTheBudget() {
        Random r = new Random(14);
        ConvSpec spec = new ConvSpec(2, 1, 1, 2, 1, 2, 0, 0);
        int n = 5, ch = 2, h = 7, w = 9, o = 3, kh = 3, kw = 2;
        int oh = spec.convOutH(h, kh), ow = spec.convOutW(w, kw);
        int perImage = ch * kh * kw * oh * ow;
        ClTestSupport.View xv = ClTestSupport.contiguous(n, ch, h, w), wv = ClTestSupport.contiguous(o, ch, kh, kw);
        ClTestSupport.View gv = ClTestSupport.contiguous(n, o, oh, ow);
        float[] x = randn(r, xv.storageSize()), wt = randn(r, wv.storageSize()), g = randn(r, gv.storageSize());
        int saved = cl.linear().columnBudget;
        cl.linear().columnBudget = 2 * perImage; // chunks of 2, 2 and 1 images
        try {
            Tensor ry = gv.on(REF, new float[gv.storageSize()]), cy = gv.on(cl, new float[gv.storageSize()]);
            REF.conv2d(xv.on(REF, x), wv.on(REF, wt), null, ry, spec);
            cl.conv2d(xv.on(cl, x), wv.on(cl, wt), null, cy, spec);
            assertClose(storage(ry), storage(cy), 2e-4f, 1e-4f, "chunked conv2d");
            Tensor rx = xv.on(REF, new float[xv.storageSize()]), cx = xv.on(cl, new float[xv.storageSize()]);
            REF.conv2dInputGrad(gv.on(REF, g), wv.on(REF, wt), rx, spec);
            cl.conv2dInputGrad(gv.on(cl, g), wv.on(cl, wt), cx, spec);
            assertClose(storage(rx), storage(cx), 2e-4f, 1e-4f, "chunked conv2dInputGrad");
            Tensor rw = wv.on(REF, new float[wv.storageSize()]), cw = wv.on(cl, new float[wv.storageSize()]);
            REF.conv2dWeightGrad(xv.on(REF, x), gv.on(REF, g), rw, spec);
            cl.conv2dWeightGrad(xv.on(cl, x), gv.on(cl, g), cw, spec);
            assertClose(storage(rw), storage(cw), 5e-4f, 1e-4f, "chunked conv2dWeightGrad");
        } finally {
            cl.linear().columnBudget = saved;
        }
    }
}
