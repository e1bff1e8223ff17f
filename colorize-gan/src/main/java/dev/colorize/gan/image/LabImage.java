package dev.colorize.gan.image;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.color.Lab;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * An image as planar CIE Lab (row-major float planes) plus its 8-bit alpha, converted from any
 * {@link BufferedImage} type: gray 8/16-bit (and gray + alpha) from their exact samples, every other
 * type (3/4-byte RGB/BGR, int (A)RGB, premultiplied, indexed, binary, 16-bit RGB) through sRGB.
 *
 * <pre>{@code
 * LabImage lab = LabImage.of(ImageIO.read(file));
 * Tensor l = lab.lTensor();                         // [1,1,H,W], L in [0,100]
 * BufferedImage out = lab.withAb(a, b).toImage();   // alpha re-attached
 * }</pre>
 *
 * The plane accessors return the backing arrays (no copies, for speed); treat them as read-only.
 */
public final class LabImage {
    private final int width;
    private final int height;
    private final float[] l;
    private final float[] a;
    private final float[] b;
    private final byte[] alpha;

    private LabImage(int width, int height, float[] l, float[] a, float[] b, byte[] alpha) {
        int n = Math.multiplyExact(width, height);
        check("L", l, n);
        if ((a == null) != (b == null)) {
            throw new IllegalArgumentException("LabImage: a and b must both be present or both absent");
        }
        if (a != null) {
            check("a", a, n);
            check("b", b, n);
        }
        if (alpha != null && alpha.length != n) {
            throw new IllegalArgumentException("LabImage: alpha has " + alpha.length + " values, expected " + n);
        }
        this.width = width;
        this.height = height;
        this.l = l;
        this.a = a;
        this.b = b;
        this.alpha = alpha;
    }

    private static void check(String name, float[] plane, int n) {
        if (plane == null || plane.length != n) {
            throw new IllegalArgumentException("LabImage: plane " + name + " has "
                    + (plane == null ? "no" : plane.length) + " values, expected " + n);
        }
    }

    /** Planes of a {@code width x height} image; a and b may be null together (gray), alpha may be null. */
    public static LabImage of(int width, int height, float[] l, float[] a, float[] b, byte[] alpha) {
        return new LabImage(width, height, l, a, b, alpha);
    }

    /** Converts any BufferedImage; gray images get no ab planes. */
    public static LabImage of(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1) {
            return fromGraySamples(image);
        }
        return fromRgb(image);
    }

    private static LabImage fromRgb(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        boolean hasAlpha = image.getColorModel().hasAlpha();
        float[] l = new float[w * h], a = new float[w * h], b = new float[w * h];
        byte[] alpha = hasAlpha ? new byte[w * h] : null;
        int[] row = new int[w];
        float[] lab = new float[3];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w); // non-premultiplied sRGB for every type
            for (int x = 0, i = y * w; x < w; x++, i++) {
                Lab.rgb8ToLab(row[x], lab, 0);
                l[i] = lab[0];
                a[i] = lab[1];
                b[i] = lab[2];
                if (hasAlpha) {
                    alpha[i] = (byte) (row[x] >>> 24);
                }
            }
        }
        return new LabImage(w, h, l, a, b, alpha);
    }

    /** Gray samples are gamma-encoded luma: read them exactly (ImageIO's getRGB would re-gamma them). */
    private static LabImage fromGraySamples(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth(), h = image.getHeight();
        int grayMax = (1 << cm.getComponentSize(0)) - 1;
        float[] lut = new float[grayMax + 1];
        for (int v = 0; v <= grayMax; v++) {
            lut[v] = grayMax == 255 ? Lab.gray8ToL(v) : Lab.grayToL(v / (double) grayMax);
        }
        boolean hasAlpha = cm.hasAlpha();
        int alphaBand = raster.getNumBands() - 1;
        int alphaMax = hasAlpha ? (1 << cm.getComponentSize(alphaBand)) - 1 : 1;
        float[] l = new float[w * h];
        byte[] alpha = hasAlpha ? new byte[w * h] : null;
        int[] gray = new int[w], alphas = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, gray);
            if (hasAlpha) {
                raster.getSamples(0, y, w, 1, alphaBand, alphas);
            }
            for (int x = 0, i = y * w; x < w; x++, i++) {
                int g = gray[x];
                if (hasAlpha) {
                    int av = alphas[x];
                    if (cm.isAlphaPremultiplied() && av > 0) {
                        g = Math.min(grayMax, (int) Math.round(g * (double) alphaMax / av));
                    }
                    alpha[i] = (byte) Math.round(av * 255.0 / alphaMax);
                }
                l[i] = lut[Math.min(g, grayMax)];
            }
        }
        return new LabImage(w, h, l, null, null, alpha);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Whether the source had colour (its a and b planes); gray sources have none. */
    public boolean hasColor() {
        return a != null;
    }

    public boolean hasAlpha() {
        return alpha != null;
    }

    /** L plane, row-major, in [0, 100] (backing array). */
    public float[] l() {
        return l;
    }

    /** a plane or null for a gray source (backing array). */
    public float[] a() {
        return a;
    }

    /** b plane or null for a gray source (backing array). */
    public float[] b() {
        return b;
    }

    /** 8-bit alpha, row-major, or null (backing array). */
    public byte[] alpha() {
        return alpha;
    }

    /** The same L and alpha with new ab planes. */
    public LabImage withAb(float[] newA, float[] newB) {
        return new LabImage(width, height, l, newA, newB, alpha);
    }

    /** L as a [1,1,H,W] tensor. */
    public Tensor lTensor() {
        return Tensor.of(l, 1, 1, height, width);
    }

    /** ab as a [1,2,H,W] tensor (zeros for a gray source). */
    public Tensor abTensor() {
        int n = width * height;
        float[] ab = new float[2 * n];
        if (a != null) {
            System.arraycopy(a, 0, ab, 0, n);
            System.arraycopy(b, 0, ab, n, n);
        }
        return Tensor.of(ab, 1, 2, height, width);
    }

    /**
     * Back to 8-bit sRGB (skimage lab2rgb clipping, then rounding): TYPE_INT_ARGB with the original
     * alpha when there is one, TYPE_INT_RGB otherwise. A gray image becomes its gray in RGB.
     */
    public BufferedImage toImage() {
        BufferedImage out = new BufferedImage(width, height,
                alpha != null ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int rgb = a != null ? Lab.labToRgb8(l[i], a[i], b[i]) : Lab.labToRgb8(l[i], 0f, 0f);
            px[i] = alpha != null ? ((alpha[i] & 0xFF) << 24) | rgb : rgb;
        }
        return out;
    }
}
