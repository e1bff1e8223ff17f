/*
 * Tiled SGEMM, C[b] = A[b] @ B[b] (+ C[b] when accumulate != 0), over arbitrary strides, so
 * transposed and broadcast (stride-0 batch) operands need no copy.
 *
 * A work-group of WG x WG work-items computes a BM x BM block of C (BM = WG * RB): each work-item
 * holds an RB x RB register block, and the K dimension is walked in BK-deep tiles staged in local
 * memory. Out-of-range tile elements load as zero, so any M, N, K works. WG comes from the build
 * options (16, or 8 on devices with small work-groups).
 */
#ifndef WG
#define WG 16
#endif
#define RB 4
#define BM (WG * RB)
#define BK 16

__kernel __attribute__((reqd_work_group_size(WG, WG, 1)))
void gemm(int M, int N, int K,
          __global const float* A, int aOff, int aBatch, int aRow, int aCol,
          __global const float* B, int bOff, int bBatch, int bRow, int bCol,
          __global float* C, int cOff, int cBatch, int cRow, int cCol, int accumulate) {
    __local float As[BK][BM + 1];
    __local float Bs[BK][BM + 1];
    int tx = get_local_id(0);
    int ty = get_local_id(1);
    int tid = ty * WG + tx;
    int n0 = get_group_id(0) * BM;
    int m0 = get_group_id(1) * BM;
    int batch = get_group_id(2);
    A += aOff + batch * aBatch;
    B += bOff + batch * bBatch;
    C += cOff + batch * cBatch;

    float acc[RB][RB];
    for (int i = 0; i < RB; i++)
        for (int j = 0; j < RB; j++)
            acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += BK) {
        for (int l = tid; l < BM * BK; l += WG * WG) {
            int m = l / BK, k = l % BK;
            int gm = m0 + m, gk = k0 + k;
            As[k][m] = gm < M && gk < K ? A[gm * aRow + gk * aCol] : 0.0f;
        }
        for (int l = tid; l < BM * BK; l += WG * WG) {
            int k = l / BM, n = l % BM;
            int gk = k0 + k, gn = n0 + n;
            Bs[k][n] = gk < K && gn < N ? B[gk * bRow + gn * bCol] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < BK; k++) {
            float a[RB], b[RB];
            for (int i = 0; i < RB; i++) a[i] = As[k][ty + i * WG];
            for (int j = 0; j < RB; j++) b[j] = Bs[k][tx + j * WG];
            for (int i = 0; i < RB; i++)
                for (int j = 0; j < RB; j++)
                    acc[i][j] = mad(a[i], b[j], acc[i][j]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    for (int i = 0; i < RB; i++) {
        int gm = m0 + ty + i * WG;
        if (gm >= M) continue;
        for (int j = 0; j < RB; j++) {
            int gn = n0 + tx + j * WG;
            if (gn >= N) continue;
            int at = gm * cRow + gn * cCol;
            C[at] = accumulate ? C[at] + acc[i][j] : acc[i][j];
        }
    }
}
