package dev.colorize.nn.optim;

import dev.colorize.core.backend.CpuStorage;
import dev.colorize.core.tensor.Tensor;

/**
 * A contiguous tensor's elements as a float array the optimizer loops can update in place: the
 * storage's own array on the CPU (no copy), otherwise a host copy written back by {@link #commit}.
 */
final class HostBuffer {
    final float[] data;
    final int offset;
    private final Tensor tensor;
    private final boolean direct;

    private HostBuffer(Tensor tensor, float[] data, int offset, boolean direct) {
        this.tensor = tensor;
        this.data = data;
        this.offset = offset;
        this.direct = direct;
    }

    static HostBuffer of(Tensor t) {
        if (t.isContiguous() && t.storage() instanceof CpuStorage cpu) {
            return new HostBuffer(t, cpu.data(), t.offset(), true);
        }
        return new HostBuffer(t, t.toArray(), 0, false);
    }

    /**
     * Writes the array back to the tensor when it is a copy (the tensor must be contiguous), and
     * marks the storage modified either way (kernels cache data derived from weights by version).
     */
    void commit() {
        if (direct) {
            tensor.storage().markModified();
        } else {
            if (!tensor.isContiguous()) {
                throw new IllegalStateException("optimizer: cannot update non-contiguous tensor " + tensor + " in place");
            }
            tensor.storage().write(tensor.offset(), data);
        }
    }
}
