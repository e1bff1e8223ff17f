/* Elementwise kernels over strided views. Op codes are the ordinals of the Java enums UnaryOp and
 * BinaryOp; each case mirrors the scalar reference definition in apply(). */

float unary_apply(int op, float x, float p1, float p2) {
    switch (op) {
        case 0: return -x;                                   /* NEG */
        case 1: return exp(x);                               /* EXP */
        case 2: return log(x);                               /* LOG */
        case 3: return sqrt(x);                              /* SQRT */
        case 4: return fabs(x);                              /* ABS */
        case 5: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x); /* SIGN: keeps NaN and signed zero */
        case 6: return tanh(x);                              /* TANH */
        case 7: return 1.0f / (1.0f + exp(-x));              /* SIGMOID */
        case 8: return x > 0.0f ? x : 0.0f;                  /* RELU */
        case 9: return x > 0.0f ? x : x * p1;                /* LEAKY_RELU */
        case 10: {                                           /* SOFTPLUS (beta p1, threshold p2) */
            float bx = x * p1;
            return bx > p2 ? x : log1p(exp(bx)) / p1;
        }
        case 11: return pow(x, p1);                          /* POW */
        case 12: {                                           /* CLAMP, NaN bound = unbounded */
            float y = x;
            if (!isnan(p1) && y < p1) y = p1;
            if (!isnan(p2) && y > p2) y = p2;
            return y;
        }
        case 13: return x * p1 + p2;                         /* AFFINE */
        case 14: return x > p1 ? 1.0f : 0.0f;                /* GT */
        case 15: return (isnan(p1) || x >= p1) && (isnan(p2) || x <= p2) ? 1.0f : 0.0f; /* IN_RANGE */
        case 16: return x == p1 ? 1.0f : 0.0f;               /* EQ */
        default: return x;                                   /* -1: identity (copy) */
    }
}

/* Java's Math.max/min: NaN wins, +0 > -0. */
float java_max(float a, float b) {
    if (isnan(a) || isnan(b)) return NAN;
    if (a == b) return signbit(a) ? b : a;
    return a > b ? a : b;
}

float java_min(float a, float b) {
    if (isnan(a) || isnan(b)) return NAN;
    if (a == b) return signbit(a) ? a : b;
    return a < b ? a : b;
}

float binary_apply(int op, float a, float b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return java_max(a, b);
        case 5: return java_min(a, b);
        case 6: return a > b ? 1.0f : 0.0f;
        case 7: return a == b ? 1.0f : 0.0f;
        default: return NAN;
    }
}

/* out = op(x); op -1 is a plain copy. */
__kernel void unary_op(int op, float p1, float p2, int n, int rank, int8 shape,
                       __global const float* x, int xOff, int8 xStrides,
                       __global float* out, int oOff, int8 oStrides) {
    int i = get_global_id(0);
    if (i >= n) return;
    ivec8 sh, xs, os;
    sh.v = shape; xs.v = xStrides; os.v = oStrides;
    int xo = xOff, oo = oOff, r = i;
    for (int d = rank - 1; d >= 0; d--) {
        int c = r % sh.s[d];
        r /= sh.s[d];
        xo += c * xs.s[d];
        oo += c * os.s[d];
    }
    out[oo] = unary_apply(op, x[xo], p1, p2);
}

__kernel void fill_view(float value, int n, int rank, int8 shape, __global float* out, int oOff, int8 oStrides) {
    int i = get_global_id(0);
    if (i >= n) return;
    ivec8 sh, os;
    sh.v = shape; os.v = oStrides;
    out[view_offset(i, rank, sh, os, oOff)] = value;
}

__kernel void binary_op(int op, int n, int rank, int8 shape,
                        __global const float* a, int aOff, int8 aStrides,
                        __global const float* b, int bOff, int8 bStrides,
                        __global float* out, int oOff, int8 oStrides) {
    int i = get_global_id(0);
    if (i >= n) return;
    ivec8 sh, as, bs, os;
    sh.v = shape; as.v = aStrides; bs.v = bStrides; os.v = oStrides;
    int ao = aOff, bo = bOff, oo = oOff, r = i;
    for (int d = rank - 1; d >= 0; d--) {
        int c = r % sh.s[d];
        r /= sh.s[d];
        ao += c * as.s[d];
        bo += c * bs.s[d];
        oo += c * os.s[d];
    }
    out[oo] = binary_apply(op, a[ao], b[bo]);
}

__kernel void where_op(int n, int rank, int8 shape,
                       __global const float* cond, int cOff, int8 cStrides,
                       __global const float* a, int aOff, int8 aStrides,
                       __global const float* b, int bOff, int8 bStrides,
                       __global float* out, int oOff, int8 oStrides) {
    int i = get_global_id(0);
    if (i >= n) return;
    ivec8 sh, cs, as, bs, os;
    sh.v = shape; cs.v = cStrides; as.v = aStrides; bs.v = bStrides; os.v = oStrides;
    int co = cOff, ao = aOff, bo = bOff, oo = oOff, r = i;
    for (int d = rank - 1; d >= 0; d--) {
        int c = r % sh.s[d];
        r /= sh.s[d];
        co += c * cs.s[d];
        ao += c * as.s[d];
        bo += c * bs.s[d];
        oo += c * os.s[d];
    }
    out[oo] = cond[co] != 0.0f ? a[ao] : b[bo];
}
