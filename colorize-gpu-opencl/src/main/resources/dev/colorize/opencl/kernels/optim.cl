/*
 * The fused optimizer updates, one work-item per element, in place over contiguous tensors. Each
 * repeats the float operations of the Java reference (dev.colorize.core.backend.OptimizerKernels)
 * in the same order; the constants are derived on the host (bias corrections in double) from the
 * AdamUpdate / RmspropUpdate / SgdUpdate records, and common.cl turns fma contraction off.
 * Optional state (flag 0) is passed as any valid buffer and never touched.
 */

__kernel void adam_step(int n, __global float* p, int pOff, __global const float* g, int gOff,
                        __global float* m, int mOff, __global float* v, int vOff,
                        float b1, float b2, float oneMinusB1, float oneMinusB2, float wd, float decay,
                        int decoupled, float negStepSize, float bc2Sqrt, float eps) {
    int i = get_global_id(0);
    if (i >= n) return;
    float pk = p[pOff + i];
    float gk = g[gOff + i];
    if (decoupled) {
        pk *= decay;
    } else if (wd != 0.0f) {
        gk += wd * pk;
    }
    float mk = m[mOff + i] * b1 + gk * oneMinusB1;
    float vk = v[vOff + i] * b2 + oneMinusB2 * gk * gk;
    m[mOff + i] = mk;
    v[vOff + i] = vk;
    float denom = sqrt(vk) / bc2Sqrt + eps;
    p[pOff + i] = pk + negStepSize * mk / denom;
}

__kernel void rmsprop_step(int n, __global float* p, int pOff, __global const float* g, int gOff,
                           __global float* sq, int sqOff, int centered, __global float* ga, int gaOff,
                           int hasMomentum, __global float* buf, int bufOff,
                           float a, float oneMinusA, float eps, float wd, float mom, float negLr) {
    int i = get_global_id(0);
    if (i >= n) return;
    float pk = p[pOff + i];
    float gk = g[gOff + i];
    if (wd != 0.0f) {
        gk += wd * pk;
    }
    float v = sq[sqOff + i] * a + oneMinusA * gk * gk;
    sq[sqOff + i] = v;
    if (centered) {
        float mean = ga[gaOff + i] * a + gk * oneMinusA;
        ga[gaOff + i] = mean;
        v = v + -1.0f * mean * mean;
    }
    float avg = sqrt(v) + eps;
    if (hasMomentum) {
        float b = buf[bufOff + i] * mom + gk / avg;
        buf[bufOff + i] = b;
        p[pOff + i] = pk + negLr * b;
    } else {
        p[pOff + i] = pk + negLr * gk / avg;
    }
}

__kernel void sgd_step(int n, __global float* p, int pOff, __global const float* g, int gOff,
                       int hasMomentum, __global float* buf, int bufOff, int first, int nesterov,
                       float wd, float mom, float keep, float negLr) {
    int i = get_global_id(0);
    if (i >= n) return;
    float pk = p[pOff + i];
    float d = g[gOff + i];
    if (wd != 0.0f) {
        d += wd * pk;
    }
    if (hasMomentum) {
        float b = first ? d : buf[bufOff + i] * mom + keep * d;
        buf[bufOff + i] = b;
        d = nesterov ? d + mom * b : b;
    }
    p[pOff + i] = pk + negLr * d;
}
