package dev.colorize.nn;

import dev.colorize.core.io.DType;
import dev.colorize.core.io.SafeTensorFile;
import dev.colorize.core.io.SafeTensors;
import dev.colorize.core.io.TensorEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link StateDict} as a safetensors file: float entries as F32, integer entries as I64, the
 * state dict's metadata as {@code __metadata__}. Files written by PyTorch's
 * {@code safetensors.torch.save_file(model.state_dict(), ...)} read back with their keys unchanged.
 * Writing is atomic (temp file + rename): a crash never leaves a half-written file in place.
 */
public final class StateDictIO {
    private StateDictIO() {
    }

    public static void write(Path path, StateDict sd) throws IOException {
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        for (StateDict.Entry e : sd) {
            entries.put(e.key(), e.integer() ? longs(e) : TensorEntry.of(e.tensor()));
        }
        SafeTensors.writeEntries(path, entries, sd.metadata());
    }

    /** Reads every tensor (I64 entries become integer entries) and the metadata. */
    public static StateDict read(Path path) throws IOException {
        return fromFile(SafeTensors.read(path));
    }

    static StateDict fromFile(SafeTensorFile file) {
        StateDict sd = new StateDict();
        file.tensors().forEach((k, e) -> sd.put(k, e.toTensor(), e.dtype() == DType.I64));
        sd.metadata().putAll(file.metadata());
        return sd;
    }

    private static TensorEntry longs(StateDict.Entry e) {
        float[] f = e.tensor().toArray();
        long[] l = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            l[i] = (long) f[i];
            if (l[i] != f[i]) {
                throw new IllegalArgumentException("state dict entry '" + e.key() + "' is marked integer but holds " + f[i]);
            }
        }
        return TensorEntry.ofLongs(l, e.tensor().shape());
    }
}
