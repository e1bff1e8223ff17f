/*
 * Convolution helpers for the im2col + GEMM formulation. A column matrix of image n has rows
 * (c, ky, kx) and columns (oy, ox): cols[n][(c*kH + ky)*kW + kx][oy*oW + ox] = x[n][c][iy][ix],
 * with iy = oy*sH - pH + ky*dH (zero outside the image). Geometry travels as an int16:
 * C, H, W, kH, kW, oH, oW, sH, sW, pH, pW, dH, dW.
 */
typedef union { int16 v; int s[16]; } conv_geom;

#define G_C g.s[0]
#define G_H g.s[1]
#define G_W g.s[2]
#define G_KH g.s[3]
#define G_KW g.s[4]
#define G_OH g.s[5]
#define G_OW g.s[6]
#define G_SH g.s[7]
#define G_SW g.s[8]
#define G_PH g.s[9]
#define G_PW g.s[10]
#define G_DH g.s[11]
#define G_DW g.s[12]

/* Columns of `images` images of contiguous x (offset xOff) into contiguous cols. */
__kernel void im2col(int total, int16 geometry, __global const float* x, int xOff, __global float* cols) {
    int i = get_global_id(0);
    if (i >= total) return;
    conv_geom g;
    g.v = geometry;
    int ox = i % G_OW;
    int t = i / G_OW;
    int oy = t % G_OH;
    t /= G_OH;
    int kx = t % G_KW;
    t /= G_KW;
    int ky = t % G_KH;
    t /= G_KH;
    int c = t % G_C;
    int n = t / G_C;
    int iy = oy * G_SH - G_PH + ky * G_DH;
    int ix = ox * G_SW - G_PW + kx * G_DW;
    float v = 0.0f;
    if (iy >= 0 && iy < G_H && ix >= 0 && ix < G_W) {
        v = x[xOff + ((n * G_C + c) * G_H + iy) * G_W + ix];
    }
    cols[i] = v;
}

/* The adjoint of im2col as a gather (no atomics): each input pixel sums the column entries that read it. */
__kernel void col2im(int total, int16 geometry, __global const float* cols, __global float* gx, int gOff) {
    int i = get_global_id(0);
    if (i >= total) return;
    conv_geom g;
    g.v = geometry;
    int ix = i % G_W;
    int t = i / G_W;
    int iy = t % G_H;
    t /= G_H;
    int c = t % G_C;
    int n = t / G_C;
    int plane = G_OH * G_OW;
    float acc = 0.0f;
    for (int ky = 0; ky < G_KH; ky++) {
        int ty = iy + G_PH - ky * G_DH;
        if (ty < 0 || ty % G_SH != 0) continue;
        int oy = ty / G_SH;
        if (oy >= G_OH) continue;
        for (int kx = 0; kx < G_KW; kx++) {
            int tx = ix + G_PW - kx * G_DW;
            if (tx < 0 || tx % G_SW != 0) continue;
            int ox = tx / G_SW;
            if (ox >= G_OW) continue;
            int row = (c * G_KH + ky) * G_KW + kx;
            acc += cols[(n * G_C * G_KH * G_KW + row) * plane + oy * G_OW + ox];
        }
    }
    gx[gOff + i] = acc;
}

/* out[n][o][p] += bias[o] over a contiguous [N, O, P] block. */
__kernel void add_channel_bias(int total, int channels, int plane, __global float* out, int oOff,
                               __global const float* bias, int bOff, int bStride) {
    int i = get_global_id(0);
    if (i >= total) return;
    int o = (i / plane) % channels;
    out[oOff + i] += bias[bOff + o * bStride];
}
