package dev.colorize.core.backend.simd;

import dev.colorize.core.tensor.Tensor;

/**
 * Walks same-shape views row by row: dimensions that are contiguous in every view (and size-1
 * dimensions) are merged first, so most layouts become a few long rows. After each {@link #next()},
 * {@link #offset(int)} is the storage index of the row's first element in view {@code t}; the row
 * has {@link #length()} elements spaced {@link #innerStride(int)} apart.
 */
final class Rows {
    private final int[] outerShape;
    private final int[][] outerStrides;
    private final int[] innerStride;
    private final int[] base;
    private final int[] offset;
    private final int[] coord;
    private final int length;
    private long rowsLeft;
    private boolean started;

    Rows(int[] shape, Tensor... views) {
        int k = views.length;
        int rank = shape.length;
        int[] mergedShape = new int[rank];
        int[][] mergedStrides = new int[k][rank];
        int dims = 0;
        long total = 1;
        for (int d = rank - 1; d >= 0; d--) {
            total *= shape[d];
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = dims > 0;
            for (int t = 0; t < k && merge; t++) {
                merge = views[t].strides()[d] == mergedStrides[t][dims - 1] * mergedShape[dims - 1];
            }
            if (merge) {
                mergedShape[dims - 1] *= shape[d];
            } else {
                mergedShape[dims] = shape[d];
                for (int t = 0; t < k; t++) {
                    mergedStrides[t][dims] = views[t].strides()[d];
                }
                dims++;
            }
        }
        // mergedShape[0] is the innermost dimension; the rest are iterated, innermost first.
        length = dims == 0 ? 1 : mergedShape[0];
        int outer = Math.max(0, dims - 1);
        outerShape = new int[outer];
        outerStrides = new int[k][outer];
        innerStride = new int[k];
        base = new int[k];
        offset = new int[k];
        for (int t = 0; t < k; t++) {
            innerStride[t] = dims == 0 ? 1 : mergedStrides[t][0];
            base[t] = views[t].offset();
            for (int d = 0; d < outer; d++) {
                outerStrides[t][d] = mergedStrides[t][d + 1];
            }
        }
        for (int d = 0; d < outer; d++) {
            outerShape[d] = mergedShape[d + 1];
        }
        coord = new int[outer];
        rowsLeft = total == 0 ? 0 : total / length;
    }

    int length() {
        return length;
    }

    int innerStride(int view) {
        return innerStride[view];
    }

    int offset(int view) {
        return offset[view];
    }

    /** Moves to the next row; false when all rows were visited. */
    boolean next() {
        if (rowsLeft == 0) {
            return false;
        }
        rowsLeft--;
        if (!started) {
            started = true;
            System.arraycopy(base, 0, offset, 0, base.length);
            return true;
        }
        for (int d = 0; d < coord.length; d++) {
            if (++coord[d] < outerShape[d]) {
                for (int t = 0; t < offset.length; t++) {
                    offset[t] += outerStrides[t][d];
                }
                return true;
            }
            coord[d] = 0;
            for (int t = 0; t < offset.length; t++) {
                offset[t] -= outerStrides[t][d] * (outerShape[d] - 1);
            }
        }
        return true;
    }
}
