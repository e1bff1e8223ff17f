/* Reductions: the kept dimensions ("outer") index the outputs, the reduced ones ("inner") are folded.
 * op: 0 = SUM, 1 = MAX, 2 = MIN (ReduceOp ordinals). MAX/MIN propagate NaN like the reference. */

float reduce_identity(int op) {
    return op == 0 ? 0.0f : (op == 1 ? -INFINITY : INFINITY);
}

float reduce_combine(int op, float acc, float v) {
    if (op == 0) return acc + v;
    if (op == 1) return isnan(v) || v > acc ? v : acc;
    return isnan(v) || v < acc ? v : acc;
}

/* One work-item per output: for short reductions. */
__kernel void reduce_items(int op, int outer, int inner,
                           int outerRank, int8 outerShape, int8 outerStrides,
                           int innerRank, int8 innerShape, int8 innerStrides,
                           __global const float* x, int xOff, __global float* out, int oOff) {
    int o = get_global_id(0);
    if (o >= outer) return;
    ivec8 osh, ost, ish, ist;
    osh.v = outerShape; ost.v = outerStrides; ish.v = innerShape; ist.v = innerStrides;
    int base = view_offset(o, outerRank, osh, ost, xOff);
    float acc = reduce_identity(op);
    for (int r = 0; r < inner; r++) {
        acc = reduce_combine(op, acc, x[view_offset(r, innerRank, ish, ist, base)]);
    }
    out[oOff + o] = acc;
}

/* One work-group per output, tree-combined in local memory: for long reductions. */
__kernel void reduce_groups(int op, int inner,
                            int outerRank, int8 outerShape, int8 outerStrides,
                            int innerRank, int8 innerShape, int8 innerStrides,
                            __global const float* x, int xOff, __global float* out, int oOff,
                            __local float* scratch) {
    int o = get_group_id(0);
    int lid = get_local_id(0);
    int ls = get_local_size(0);
    ivec8 osh, ost, ish, ist;
    osh.v = outerShape; ost.v = outerStrides; ish.v = innerShape; ist.v = innerStrides;
    int base = view_offset(o, outerRank, osh, ost, xOff);
    float acc = reduce_identity(op);
    for (int r = lid; r < inner; r += ls) {
        acc = reduce_combine(op, acc, x[view_offset(r, innerRank, ish, ist, base)]);
    }
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = ls / 2; s > 0; s >>= 1) {
        if (lid < s) {
            scratch[lid] = reduce_combine(op, scratch[lid], scratch[lid + s]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        out[oOff + o] = scratch[0];
    }
}

/* Maximum along one dimension with its first index; NaN wins like the reference. */
__kernel void max_along(int outer, int len, int dimStride,
                        int rank, int8 shape, int8 strides, __global const float* x, int xOff,
                        __global float* values, int vOff, __global float* indices, int iOff) {
    int o = get_global_id(0);
    if (o >= outer) return;
    ivec8 sh, st;
    sh.v = shape; st.v = strides;
    int base = view_offset(o, rank, sh, st, xOff);
    float best = x[base];
    int bestIndex = 0;
    for (int k = 1; k < len; k++) {
        float c = x[base + k * dimStride];
        if (c > best || (isnan(c) && !isnan(best))) {
            best = c;
            bestIndex = k;
        }
    }
    values[vOff + o] = best;
    indices[iOff + o] = (float) bestIndex;
}
