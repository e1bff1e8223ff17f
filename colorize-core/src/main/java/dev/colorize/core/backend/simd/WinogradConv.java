package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.backend.Strided;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

/**
 * Stride-1 convolutions (their input gradients, which are stride-1 correlations with the flipped
 * weights, and their weight gradients) by Winograd's minimal filtering, F(m x m, r x r) with {@code alpha = m + r - 1 = 6}
 * ({@link WinogradTransform}): 36 products per {@code m x m} output tile instead of
 * {@code m^2 r^2} &mdash; a quarter of the multiply-adds for 3x3 and 4x4 kernels (PatchGAN's
 * 256 -&gt; 512 layer is a third of the pix2pix train step's convolution work).
 *
 * <p>Three passes, each on the pool: every input plane is cut into overlapping {@code alpha x alpha}
 * tiles and transformed ({@code Bt d B}, separably: rows first, then columns, vectorised across
 * the tiles of a tile row); then one GEMM per transform point {@code e < 36},
 * {@code M[e] (outC x tiles) = U[e] (outC x inC) * V[e] (inC x tiles)} with
 * {@code U[e] = (G g Gt)[e]} the transformed weights (one small GEMM over all filters); then every
 * output tile is transformed back ({@code At M A}), the bias added and the valid part written.
 * Tiles are processed in chunks of tile rows ({@link #chunkFloats}, at least one tile row per
 * chunk) so the buffers grow with the image's width, not its height or the batch.
 *
 * <p>On finite inputs, results differ from the direct kernels by rounding only (relative error
 * about 1e-5, the transforms' entries are small powers of two); they do not depend on the thread
 * count. A transform mixes a tile's 36 inputs, so an infinite or NaN input spreads NaN over its
 * neighbours' whole tiles (the direct kernels keep it to the outputs that read it): still loud,
 * but over a wider area.
 * {@code -Dcolorize.winograd=false} turns the path off (the im2col GEMM then runs instead).
 */
final class WinogradConv {
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("colorize.winograd", "true"));
    /**
     * Where the path pays, measured single-threaded at batch 4 (WgProbe, 2026-11-28): 4x4 kernels
     * with 256 -&gt; 512 channels on 32 x 32 ran 1.6-1.8x faster; 3x3 kernels (9 multiply-adds per
     * output, not 16) gained at most 1.3x and lost up to 2.9x where few tiles share the filters'
     * transform (512 channels on 8 x 8), and thin GEMMs gain nothing. 5x5 kernels (F(2, 5): 36
     * products for 4 outputs, 2.8x fewer than direct, but 25-tap filter transforms) were not
     * measured. So: 4x4 kernels only, at least this many channels on both sides and
     * {@link #MIN_TILES} output tiles.
     */
    static final int MIN_CHANNELS = 64;
    static final int MIN_TILES = 128;
    /**
     * Transformed inputs and products held at once (floats), which bounds the tile rows per chunk
     * (not final: the tests shrink it to cut small images into several chunks). Measured on PatchGAN's
     * 256 -&gt; 512 layer at batch 4 (13.4 M floats): one chunk ran 15-20 % faster than two, and
     * chunks of a few tile rows (products only ~100 tiles wide) up to 1.8x slower, with or without
     * the filters packed once for all chunks.
     */
    static long chunkFloats = Long.getLong("colorize.winograd.chunkFloats", 16L << 20);
    private static final int L = Sgemm.L;
    private static final WinogradTransform[] TRANSFORMS = new WinogradTransform[WinogradTransform.ALPHA];
    /** Per kernel size r: the 36 x r^2 matrix taking a filter to its transform, plain and flipped. */
    private static final float[][] FILTER = new float[WinogradTransform.ALPHA][];
    private static final float[][] FILTER_FLIPPED = new float[WinogradTransform.ALPHA][];
    /** Per kernel size r, for the weight gradient: F(r, m) (gy's m x m tiles play the filters). */
    private static final WinogradTransform[] WEIGHT_GRAD = new WinogradTransform[WinogradTransform.ALPHA];
    /** Per r: F(r, m)'s G (6 x m) widened to 6 x 6 with zeros, to transform gy's tiles like inputs. */
    private static final float[][] GRAD_TILE = new float[WinogradTransform.ALPHA][];
    /** Per r: the 36 x r^2 matrix {@code At[i][ey] At[j][ex]} of F(r, m)'s output transform. */
    private static final float[][] WEIGHT_OUTPUT = new float[WinogradTransform.ALPHA][];

    static {
        for (int r = 2; WinogradTransform.supports(r); r++) {
            WinogradTransform t = WinogradTransform.forKernel(r);
            TRANSFORMS[r] = t;
            FILTER[r] = filterMatrix(t, false);
            FILTER_FLIPPED[r] = filterMatrix(t, true);
            WinogradTransform wt = WinogradTransform.of(r, t.m());
            WEIGHT_GRAD[r] = wt;
            int m = t.m(), alpha = wt.alpha();
            float[] tile = new float[alpha * alpha];
            float[] out = new float[alpha * alpha * r * r];
            for (int e = 0; e < alpha; e++) {
                for (int j = 0; j < m; j++) {
                    tile[e * alpha + j] = wt.g()[e * m + j];
                }
            }
            for (int ey = 0; ey < alpha; ey++) {
                for (int ex = 0; ex < alpha; ex++) {
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < r; j++) {
                            out[(ey * alpha + ex) * r * r + i * r + j] = wt.at()[i * alpha + ey] * wt.at()[j * alpha + ex];
                        }
                    }
                }
            }
            GRAD_TILE[r] = tile;
            WEIGHT_OUTPUT[r] = out;
        }
    }

    private WinogradConv() {
    }

    /** Whether the kernels here can compute this convolution (square kernel of 2..5, stride 1, no dilation). */
    static boolean supports(int kh, int kw, ConvSpec spec) {
        return kh == kw && WinogradTransform.supports(kh) && spec.strideH() == 1 && spec.strideW() == 1
                && spec.dilationH() == 1 && spec.dilationW() == 1;
    }

    /** As {@link #supports}, for the input gradient: the padding must leave a non-negative "full" padding. */
    static boolean supportsInputGrad(int kh, int kw, ConvSpec spec) {
        return supports(kh, kw, spec) && spec.padH() <= kh - 1 && spec.padW() <= kw - 1;
    }

    /**
     * Whether the backend should take this path for a convolution of {@code inC} to {@code outC}
     * channels whose forward output is {@code batch x oh x ow} (for the input gradient: the shape of
     * gy, whose "output" gx has about the same number of tiles).
     */
    static boolean pays(int inC, int outC, int k, int batch, int oh, int ow) {
        return ENABLED && shapePays(inC, outC, k, batch, oh, ow) && fits(inC, outC, k, batch, oh, ow);
    }

    /** The measured part of {@link #pays}: 4x4 kernels, wide enough layers, {@link #MIN_TILES} output tiles. */
    static boolean shapePays(int inC, int outC, int k, int batch, int oh, int ow) {
        return k == 4 && inC >= MIN_CHANNELS && outC >= MIN_CHANNELS && tiles(k, batch, oh, ow) >= MIN_TILES;
    }

    /** Whether the buffers of a call of this shape stay within the heap share ({@link #HEAP_SHARE}). */
    static boolean fits(int inC, int outC, int k, int batch, int oh, int ow) {
        long tiles = tiles(k, batch, oh, ow);
        return tiles > 0 && 4 * bufferFloats(inC, outC, tiles, Sgemm.ceilDiv(ow, WinogradTransform.ALPHA - k + 1))
                <= HEAP_SHARE;
    }

    private static long tiles(int k, int batch, int oh, int ow) {
        int m = WinogradTransform.ALPHA - k + 1;
        return (long) batch * Sgemm.ceilDiv(oh, m) * Sgemm.ceilDiv(ow, m);
    }

    /**
     * At most this many bytes of the heap go to the buffers of one call (a twentieth of the maximum
     * heap): in a heap sized to the train step's own needs (the peak-RSS comparison runs pix2pix in
     * 1250 MB with ~10 MB to spare) a call that would need more runs the direct kernels instead.
     */
    private static final long HEAP_SHARE = Runtime.getRuntime().maxMemory() / 20;

    /**
     * Floats of the two buffers a call with this shape holds: the filters' transforms (or the weight
     * gradient's transform-domain sums), and one chunk's transformed inputs with its products.
     */
    static long bufferFloats(int inC, int outC, long tiles, int tilesW) {
        return 36L * inC * outC + chunkRows(tiles / tilesW, inC, outC, tilesW) * 36L * (inC + outC) * tilesW + L;
    }

    /** Tile rows per chunk: as many as {@link #chunkFloats} holds, at least one. */
    private static int chunkRows(long tileRows, int inC, int outC, int tilesW) {
        return (int) Math.max(1, Math.min(tileRows, chunkFloats / (36L * (inC + outC) * tilesW)));
    }

    static void conv2d(Tensor x, Tensor w, Tensor bias, Tensor out, ConvSpec spec) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int[] os = out.shape();
        float[] b = bias == null ? null : Strided.dense(bias);
        forward(HostView.of(x), xs[0], ws[1], xs[2], xs[3], spec.padH(), spec.padW(), HostView.trailingContiguous(w, 4),
                ws[0], ws[2], b, Strided.data(out), out.offset(), os[2], os[3]);
    }

    /** {@code gx = gy} correlated with the flipped, transposed weights, over gy padded by {@code r - 1 - pad}. */
    static void conv2dInputGrad(Tensor gy, Tensor w, Tensor gx, ConvSpec spec) {
        int[] gs = gy.shape();
        int[] ws = w.shape();
        int[] xs = gx.shape();
        inputGrad(HostView.of(gy), gs[0], ws[0], gs[2], gs[3], HostView.trailingContiguous(w, 4), ws[1], ws[2],
                spec.padH(), spec.padW(), Strided.data(gx), gx.offset(), xs[2], xs[3]);
    }

    static void conv2dWeightGrad(Tensor x, Tensor gy, Tensor gw, ConvSpec spec) {
        int[] xs = x.shape();
        int[] gs = gy.shape();
        weightGrad(HostView.of(x), xs[0], xs[1], xs[2], xs[3], spec.padH(), spec.padW(), HostView.of(gy), gs[1], gs[2],
                gs[3], gw.shape()[2], Strided.data(gw), gw.offset());
    }

    /**
     * The stride-1 correlation of x ([batch, inC, inH, inW], any strides) zero-padded by
     * {@code padT}/{@code padL} with w (dense [outC, inC, r, r]) plus the bias (null for none), into
     * the contiguous [batch, outC, outH, outW] at {@code out[outOff]}.
     */
    static void forward(HostView x, int batch, int inC, int inH, int inW, int padT, int padL, HostView w, int outC,
                        int r, float[] bias, float[] out, int outOff, int outH, int outW) {
        float[] u = transformedWeights(w, outC * inC, r, false);
        int plane = outC * inC;
        Operand[] a = new Operand[36];
        for (int e = 0; e < a.length; e++) {
            a[e] = StridedOperand.rowsOf(u, e * plane, inC, 1);   // U[e][o][c]
        }
        run(TRANSFORMS[r], x, batch, inC, inH, inW, padT, padL, a, outC, bias, out, outOff, outH, outW);
    }

    /**
     * The input gradient [batch, inC, h, w] (contiguous, at {@code gx[gxOff]}) of that correlation
     * with padding {@code padH}/{@code padW}, from gy ([batch, outC, oh, ow], any strides).
     */
    static void inputGrad(HostView gy, int batch, int outC, int oh, int ow, HostView w, int inC, int r, int padH,
                          int padW, float[] gx, int gxOff, int h, int wd) {
        float[] u = transformedWeights(w, outC * inC, r, true);
        int plane = outC * inC;
        Operand[] a = new Operand[36];
        for (int e = 0; e < a.length; e++) {
            a[e] = StridedOperand.rowsOf(u, e * plane, 1, inC);   // row c, column o of U[e][o][c]
        }
        run(TRANSFORMS[r], gy, batch, outC, oh, ow, r - 1 - padH, r - 1 - padW, a, inC, null, gx, gxOff, h, wd);
    }

    /**
     * {@code gw[o][c] = sum over images and output positions of gy[o] times x[c] shifted by each tap},
     * into the contiguous [outC, inC, r, r] at {@code gw[gwOff]}, by F(r x r, m x m) with gy's
     * {@code m x m} tiles in the filters' role: per tile, {@code (G' gy G'^T) . (B'^T x B')}, summed
     * over all tiles by one GEMM per transform point ({@code P[e] (outC x inC) = Ugy[e] (outC x
     * tiles) * V[e]^T}, accumulated across chunks), then {@code gw = A'^T P A'} for every filter at
     * once (a GEMM with the 36 x r^2 output transform). The tiles are the forward's output tiles,
     * x's patches the forward's input patches.
     */
    static void weightGrad(HostView x, int batch, int inC, int h, int wd, int padH, int padW, HostView gy, int outC,
                           int oh, int ow, int r, float[] gw, int gwOff) {
        WinogradTransform t = WEIGHT_GRAD[r];
        int m = t.r();
        int tilesH = Sgemm.ceilDiv(oh, m), tilesW = Sgemm.ceilDiv(ow, m);
        int tileRows = batch * tilesH;
        int filters = outC * inC;
        if (tileRows == 0 || tilesW == 0) {
            java.util.Arrays.fill(gw, gwOff, gwOff + filters * r * r, 0f);
            return;
        }
        int chunkRows = chunkRows(tileRows, inC, outC, tilesW);
        Geometry xGeo = new Geometry(t, t.bt(), m, x, inC, h, wd, padH, padW, 0, 0, 0, tilesH, tilesW);
        Geometry gyGeo = new Geometry(t, GRAD_TILE[r], m, gy, outC, oh, ow, 0, 0, 0, 0, 0, tilesH, tilesW);
        float[] p = Scratch.winograd(0, 36L * filters);
        for (int r0 = 0; r0 < tileRows; r0 += chunkRows) {
            int r1 = Math.min(tileRows, r0 + chunkRows);
            int tiles = (r1 - r0) * tilesW;
            int n0 = r0 / tilesH, n1 = (r1 - 1) / tilesH + 1;
            int images = n1 - n0;
            // one buffer: x's transforms V, then gy's U (the same slot as the forward's V and products)
            float[] v = Scratch.winograd(1, 36L * (inC + outC) * tiles);
            int uOff = 36 * inC * tiles;
            int first = r0;
            Parallel.forEach(images * (inC + outC), task -> {
                int n = n0 + task / (inC + outC), ch = task % (inC + outC);
                if (ch < inC) {
                    xGeo.transformInput(n, ch, first, r1, v, 0, tiles);
                } else {
                    gyGeo.transformInput(n, ch - inC, first, r1, v, uOff, tiles);
                }
            });
            boolean accumulate = r0 > 0;
            int slabs = Sgemm.slabs(outC, inC, tiles, Sgemm.ceilDiv(Parallel.threads(), 36));
            Parallel.forEach(36 * slabs, task -> {
                int e = task / slabs;
                Sgemm.gemmSlab(task % slabs, slabs, outC, inC, tiles, StridedOperand.rowsOf(v, uOff + e * outC * tiles, tiles, 1),
                        StridedOperand.columnsOf(v, e * inC * tiles, 1, tiles), p, e * filters, inC, accumulate);
            });
        }
        Sgemm.gemm(filters, r * r, 36, StridedOperand.rowsOf(p, 0, 1, filters),
                StridedOperand.columnsOf(WEIGHT_OUTPUT[r], 0, r * r, 1), gw, gwOff, r * r, false);
    }

    /**
     * {@code U[e][o][c] = sum_ij F[e][ij] w[o][c][ij]} for all filters at once: a 36 x (outC*inC)
     * product with a reduction of r^2, into the caller's buffer.
     */
    private static float[] transformedWeights(HostView wv, int filters, int r, boolean flipped) {
        float[] u = Scratch.winograd(0, 36L * filters);
        float[] f = flipped ? FILTER_FLIPPED[r] : FILTER[r];
        Sgemm.gemm(36, filters, r * r, StridedOperand.rowsOf(f, 0, r * r, 1),
                StridedOperand.columnsOf(wv.data(), wv.offset(), 1, r * r), u, 0, filters, false);
        return u;
    }

    /** {@code F[e][ij] = G[ey][i] G[ex][j]} (flipped: the filter's taps read in reverse). */
    private static float[] filterMatrix(WinogradTransform t, boolean flipped) {
        int r = t.r(), alpha = t.alpha();
        float[] g = t.g();
        float[] f = new float[alpha * alpha * r * r];
        for (int ey = 0; ey < alpha; ey++) {
            for (int ex = 0; ex < alpha; ex++) {
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        int tap = flipped ? (r - 1 - i) * r + (r - 1 - j) : i * r + j;
                        f[(ey * alpha + ex) * r * r + tap] = g[ey * r + i] * g[ex * r + j];
                    }
                }
            }
        }
        return f;
    }

    /**
     * The correlation of {@code in} ([batch, inC, inH, inW], any strides), zero-padded by
     * {@code padT}/{@code padL} (and as needed at the far edges), with the filters whose transforms
     * {@code a[e]} are (outC x inC operands), into the contiguous {@code out} [batch, outC, outH, outW].
     */
    private static void run(WinogradTransform t, HostView in, int batch, int inC, int inH, int inW, int padT, int padL,
                            Operand[] a, int outC, float[] bias, float[] out, int outOff, int outH, int outW) {
        int m = t.m();
        int tilesH = Sgemm.ceilDiv(outH, m), tilesW = Sgemm.ceilDiv(outW, m);
        int tileRows = batch * tilesH;
        if (tileRows == 0 || tilesW == 0) {
            return;
        }
        int chunkRows = chunkRows(tileRows, inC, outC, tilesW);
        Geometry geo = new Geometry(t, t.bt(), m, in, inC, inH, inW, padT, padL, outC, outH, outW, tilesH, tilesW);
        for (int r0 = 0; r0 < tileRows; r0 += chunkRows) {
            int r1 = Math.min(tileRows, r0 + chunkRows);
            int tiles = (r1 - r0) * tilesW;
            int n0 = r0 / tilesH, n1 = (r1 - 1) / tilesH + 1;
            int images = n1 - n0;
            // one buffer, so a layer's forward and input gradient (channel roles swapped) share its
            // size: the transformed inputs V, then the products (slack: transform6 reads whole vectors)
            float[] v = Scratch.winograd(1, 36L * (inC + outC) * tiles + L);
            int prodOff = 36 * inC * tiles;
            int first = r0;
            Parallel.forEach(images * inC, task -> geo.transformInput(n0 + task / inC, task % inC, first, r1, v, 0, tiles));
            int slabs = Sgemm.slabs(outC, tiles, inC, Sgemm.ceilDiv(Parallel.threads(), 36));
            Parallel.forEach(36 * slabs, task -> {
                int e = task / slabs;
                Sgemm.gemmSlab(task % slabs, slabs, outC, tiles, inC, a[e],
                        StridedOperand.columnsOf(v, e * inC * tiles, tiles, 1), v, prodOff + e * outC * tiles, tiles, false);
            });
            Parallel.forEach(images * outC, task -> geo.transformOutput(n0 + task / outC, task % outC, first, r1, v,
                    prodOff, tiles, bias, out, outOff));
        }
    }

    /** One call's shapes, and the two tile transforms. */
    private record Geometry(WinogradTransform t, float[] bt, int step, HostView in, int inC, int inH, int inW, int padT,
                            int padL, int outC, int outH, int outW, int tilesH, int tilesW) {

        /**
         * Writes {@code V[e][c][tile]} (at {@code v[vOff]}) for image n's tile rows inside the chunk
         * of global tile rows {@code [r0, r1)} (tile index = (n * tilesH + ty - r0) * tilesW + tx): the 6 x 6 patches at
         * {@link #step} apart transformed by {@link #bt} (6 x 6; a patch of fewer taps has zero
         * columns for the rest). Rows first: each input row of the needed band is split into its
         * column phases (so a tile's taps become unit-stride across tiles) and transformed into
         * {@code H[ex][row][tx]}; then columns: {@code V[ey][ex] = sum_i Bt[ey][i] H[ex][ty step + i]}.
         */
        void transformInput(int n, int c, int r0, int r1, float[] v, int vOff, int tiles) {
            int m = step, alpha = WinogradTransform.ALPHA;
            int ty0 = Math.max(0, r0 - n * tilesH), ty1 = Math.min(tilesH, r1 - n * tilesH);
            int rows = (ty1 - ty0) * m + alpha - m;
            int span = tilesW + (alpha - 1) / m;
            int tw = paddedWidth(tilesW);
            int hBase = m * span + tw;
            int line = hBase + alpha * rows * tw;
            float[] buf = Scratch.get().winogradTile(line + alpha * tw);
            int[] st = in.strides();
            float[] src = in.data();
            int planeOff = in.offset() + n * st[0] + c * st[1];
            for (int row = 0; row < rows; row++) {
                int y = ty0 * m + row - padT;
                if (y < 0 || y >= inH) {
                    for (int ex = 0; ex < alpha; ex++) {
                        int h = hBase + (ex * rows + row) * tw;
                        java.util.Arrays.fill(buf, h, h + tw, 0f);
                    }
                    continue;
                }
                int rowOff = planeOff + y * st[2];
                for (int p = 0; p < m; p++) {
                    for (int q = 0; q < span; q++) {
                        int x = q * m + p - padL;
                        buf[p * span + q] = x >= 0 && x < inW ? src[rowOff + x * st[3]] : 0f;
                    }
                }
                transform6(bt, alpha, buf, 0, span, m, buf, hBase + row * tw, rows * tw, tw);
            }
            int stride = inC * tiles;
            for (int ty = ty0; ty < ty1; ty++) {
                int tile = vOff + (n * tilesH + ty - r0) * tilesW;
                int band = (ty - ty0) * m;
                boolean whole = (ty1 - ty) * tilesW >= tw;
                for (int ex = 0; ex < alpha; ex++) {
                    int h = hBase + (ex * rows + band) * tw;
                    if (whole) {
                        // whole vectors straight into V: the lanes past this tile row land on the
                        // following ones of this task, which it writes afterwards
                        transform6(bt, alpha, buf, h, tw, 0, v, ex * stride + c * tiles + tile, alpha * stride, tw);
                        continue;
                    }
                    transform6(bt, alpha, buf, h, tw, 0, buf, line, tw, tw);
                    for (int ey = 0; ey < alpha; ey++) {
                        System.arraycopy(buf, line + ey * tw, v, (ey * alpha + ex) * stride + c * tiles + tile, tilesW);
                    }
                }
            }
        }

        /**
         * Writes output channel o of image n for the chunk's tile rows from the products at
         * {@code prod[prodOff]}: columns first,
         * {@code R[ex][oy] = sum_ey At[oy][ey] M[ey][ex]}, then rows, {@code Y[oy][ox] = sum_ex
         * At[ox][ex] R[ex][oy]}, interleaved into the output row with the bias; tiles past the
         * output's edge are cut.
         */
        void transformOutput(int n, int o, int r0, int r1, float[] prod, int prodOff, int tiles, float[] bias,
                             float[] out, int outOff) {
            int m = t.m(), alpha = t.alpha();
            float[] at = t.at();
            int ty0 = Math.max(0, r0 - n * tilesH), ty1 = Math.min(tilesH, r1 - n * tilesH);
            int tw = paddedWidth(tilesW);
            int lineBase = alpha * m * tw;
            float[] buf = Scratch.get().winogradTile(lineBase + m * tw);
            int stride = outC * tiles;
            float b = bias == null ? 0f : bias[o];
            int plane = outOff + (n * outC + o) * outH * outW;
            for (int ty = ty0; ty < ty1; ty++) {
                int tile = prodOff + o * tiles + (n * tilesH + ty - r0) * tilesW;
                for (int ex = 0; ex < alpha; ex++) {
                    transform6(at, m, prod, ex * stride + tile, alpha * stride, 0, buf, ex * m * tw, tw, tw);
                }
                for (int oy = 0; oy < m; oy++) {
                    int y = ty * m + oy;
                    if (y >= outH) {
                        break;
                    }
                    transform6(at, m, buf, oy * tw, m * tw, 0, buf, lineBase, tw, tw);
                    int dst = plane + y * outW;
                    for (int tx = 0; tx < tilesW; tx++) {
                        int x0 = tx * m;
                        for (int ox = 0; ox < m && x0 + ox < outW; ox++) {
                            out[dst + x0 + ox] = buf[lineBase + ox * tw + tx] + b;
                        }
                    }
                }
            }
        }
    }

    /**
     * A tile row's width rounded up to whole vectors: the transforms run unmasked (masked loads and
     * stores are not intrinsics on every JDK this library supports, and their fallback costs more
     * than the whole convolution), reading past a row's end into slack the buffers keep.
     */
    static int paddedWidth(int tilesW) {
        return Sgemm.ceilDiv(tilesW, L) * L;
    }

    /**
     * One side of a tile transform for a row of tiles, vectorised across them: for {@code e < outs},
     * {@code dst[d + e * dStride + i] = sum_{j < 6} coef[e * 6 + j] * x_j[i]} for {@code i < n} (a
     * multiple of the vector length), where input j is the run at
     * {@code src[s + (j % period) * rowStride + j / period]} &mdash; with {@code period = 0} simply row j
     * ({@code s + j * rowStride}); with {@code period = m} tap j of tiles stored split into their m
     * column phases. The six inputs are loaded once and feed independent accumulators (a chain of
     * dependent multiply-adds per output would leave the FMA units idle), and there are no branches
     * around vectors (C2 keeps them in registers only without).
     */
    private static void transform6(float[] coef, int outs, float[] src, int s, int rowStride, int period, float[] dst,
                                   int d, int dStride, int n) {
        int o0 = s, o1, o2, o3, o4, o5;
        if (period == 0) {
            o1 = s + rowStride;
            o2 = s + 2 * rowStride;
            o3 = s + 3 * rowStride;
            o4 = s + 4 * rowStride;
            o5 = s + 5 * rowStride;
        } else {
            o1 = s + (1 % period) * rowStride + 1 / period;
            o2 = s + (2 % period) * rowStride + 2 / period;
            o3 = s + (3 % period) * rowStride + 3 / period;
            o4 = s + (4 % period) * rowStride + 4 / period;
            o5 = s + (5 % period) * rowStride + 5 / period;
        }
        for (int i = 0; i < n; i += L) {
            FloatVector x0 = FloatVector.fromArray(Sgemm.S, src, o0 + i);
            FloatVector x1 = FloatVector.fromArray(Sgemm.S, src, o1 + i);
            FloatVector x2 = FloatVector.fromArray(Sgemm.S, src, o2 + i);
            FloatVector x3 = FloatVector.fromArray(Sgemm.S, src, o3 + i);
            FloatVector x4 = FloatVector.fromArray(Sgemm.S, src, o4 + i);
            FloatVector x5 = FloatVector.fromArray(Sgemm.S, src, o5 + i);
            for (int e = 0; e < outs; e++) {
                int c = e * 6;
                x0.mul(coef[c]).add(x1.mul(coef[c + 1])).add(x2.mul(coef[c + 2]))
                        .add(x3.mul(coef[c + 3]).add(x4.mul(coef[c + 4])).add(x5.mul(coef[c + 5])))
                        .intoArray(dst, d + e * dStride + i);
            }
        }
    }
}
