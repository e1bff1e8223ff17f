/*
 * Upsampling by integer factors (nearest: floor(dst/s); bilinear: align_corners=false, PyTorch's
 * source-index rule) and 2-D padding (zero or reflect), each with its adjoint written as a gather
 * so no two work-items write the same element. Inputs and outputs are contiguous planes.
 */

/* Source taps of destination index d: i0, i1 and the weight of i1. */
void source_index(int d, int size, float inv, int bilinear, int* i0, int* i1, float* lambda) {
    if (!bilinear) {
        int s = (int) floor(d * inv);
        *i0 = min(s, size - 1);
        *i1 = *i0;
        *lambda = 0.0f;
        return;
    }
    float src = fmax(inv * (d + 0.5f) - 0.5f, 0.0f);
    int lo = min((int) src, size - 1);
    *i0 = lo;
    *i1 = min(lo + 1, size - 1);
    *lambda = src - lo;
}

__kernel void upsample2d(int total, int h, int w, int sh, int sw, float invH, float invW, int bilinear,
                       __global const float* x, int xOff, __global float* out, int oOff) {
    int i = get_global_id(0);
    if (i >= total) return;
    int oh = h * sh, ow = w * sw;
    int ox = i % ow;
    int oy = (i / ow) % oh;
    int plane = i / (ow * oh);
    int y0, y1, x0, x1;
    float ly, lx;
    source_index(oy, h, invH, bilinear, &y0, &y1, &ly);
    source_index(ox, w, invW, bilinear, &x0, &x1, &lx);
    __global const float* p = x + xOff + plane * h * w;
    float wy0 = 1.0f - ly, wx0 = 1.0f - lx;
    out[oOff + i] = wy0 * (wx0 * p[y0 * w + x0] + lx * p[y0 * w + x1])
                  + ly * (wx0 * p[y1 * w + x0] + lx * p[y1 * w + x1]);
}

/* Weight with which destination d reads source s along one axis (both taps may hit s at the border). */
float tap_weight(int d, int s, int size, float inv, int bilinear) {
    int i0, i1;
    float l;
    source_index(d, size, inv, bilinear, &i0, &i1, &l);
    return (i0 == s ? 1.0f - l : 0.0f) + (i1 == s ? l : 0.0f);
}

__kernel void upsample2d_adjoint(int total, int h, int w, int sh, int sw, float invH, float invW, int bilinear,
                               __global const float* gy, int gOff, __global float* gx, int xOff) {
    int i = get_global_id(0);
    if (i >= total) return;
    int oh = h * sh, ow = w * sw;
    int ix = i % w;
    int iy = (i / w) % h;
    int plane = i / (w * h);
    /* Destinations reading source iy lie within [(iy-1)*s, (iy+2)*s). */
    int yLo = max((iy - 1) * sh, 0), yHi = min((iy + 2) * sh, oh);
    int xLo = max((ix - 1) * sw, 0), xHi = min((ix + 2) * sw, ow);
    if (iy == h - 1) yHi = oh;
    if (ix == w - 1) xHi = ow;
    __global const float* g = gy + gOff + plane * oh * ow;
    float acc = 0.0f;
    for (int oy = yLo; oy < yHi; oy++) {
        float wy = tap_weight(oy, iy, h, invH, bilinear);
        if (wy == 0.0f) continue;
        for (int ox = xLo; ox < xHi; ox++) {
            float wx = tap_weight(ox, ix, w, invW, bilinear);
            if (wx != 0.0f) acc += wy * wx * g[oy * ow + ox];
        }
    }
    gx[xOff + i] = acc;
}

/* Input index read by padded position i, or -1 for a zero pad (reflect excludes the edge). */
int pad_source(int i, int size, int reflect) {
    if (i >= 0 && i < size) return i;
    if (!reflect) return -1;
    return i < 0 ? -i : 2 * (size - 1) - i;
}

__kernel void pad2d(int total, int h, int w, int left, int right, int top, int bottom, int reflect,
                    __global const float* x, int xOff, __global float* out, int oOff) {
    int i = get_global_id(0);
    if (i >= total) return;
    int oh = h + top + bottom, ow = w + left + right;
    int ox = i % ow;
    int oy = (i / ow) % oh;
    int plane = i / (ow * oh);
    int iy = pad_source(oy - top, h, reflect);
    int ix = pad_source(ox - left, w, reflect);
    out[oOff + i] = iy < 0 || ix < 0 ? 0.0f : x[xOff + (plane * h + iy) * w + ix];
}

/* Padded positions along one axis that read input i: itself and up to two reflections. */
int pad_readers(int i, int size, int before, int outSize, int reflect, int* at) {
    int n = 0;
    at[n++] = i + before;
    if (reflect) {
        int left = before - i;                    /* o - before = -i */
        if (i > 0 && left >= 0) at[n++] = left;
        int right = before + 2 * (size - 1) - i;  /* o - before = 2(size-1) - i */
        if (i < size - 1 && right < outSize) at[n++] = right;
    }
    return n;
}

__kernel void pad2d_adjoint(int total, int h, int w, int left, int right, int top, int bottom, int reflect,
                            __global const float* gy, int gOff, __global float* gx, int xOff) {
    int i = get_global_id(0);
    if (i >= total) return;
    int oh = h + top + bottom, ow = w + left + right;
    int ix = i % w;
    int iy = (i / w) % h;
    int plane = i / (w * h);
    int ys[3], xs[3];
    int ny = pad_readers(iy, h, top, oh, reflect, ys);
    int nx = pad_readers(ix, w, left, ow, reflect, xs);
    __global const float* g = gy + gOff + plane * oh * ow;
    float acc = 0.0f;
    for (int a = 0; a < ny; a++)
        for (int b = 0; b < nx; b++)
            acc += g[ys[a] * ow + xs[b]];
    gx[xOff + i] = acc;
}
