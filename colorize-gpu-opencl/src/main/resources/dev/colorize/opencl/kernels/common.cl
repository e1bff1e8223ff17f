/*
 * Shared definitions of the colorize OpenCL program. All kernel files are concatenated into one
 * program, compiled once per context (OpenCL C 1.2).
 *
 * Contraction into fma is off so elementwise results round like the Java reference; GEMM asks for
 * mad() explicitly where speed matters.
 */
#pragma OPENCL FP_CONTRACT OFF

/* A strided view of up to 8 dimensions: shape and strides travel as int8 kernel arguments. */
typedef union { int8 v; int s[8]; } ivec8;

/* Storage index of element i (row-major over shape) of a view with the given strides. */
int view_offset(int i, int rank, ivec8 shape, ivec8 strides, int base) {
    int off = base;
    for (int d = rank - 1; d >= 0; d--) {
        int c = i % shape.s[d];
        i /= shape.s[d];
        off += c * strides.s[d];
    }
    return off;
}
