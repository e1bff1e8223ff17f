package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.Storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Packed copies of weight matrices ({@link PackedOperand}), kept between kernel calls while the
 * weights' {@link Storage#version()} is unchanged. Without it, a convolution re-packs its whole
 * weight matrix on every call and for every image; for the late U-Net layers (16-32 MB of weights,
 * a few output pixels) that packing costs more than the arithmetic.
 *
 * <p>An entry is keyed by the storage (weakly: it dies with the weights), the view (offset,
 * strides, extent) and the panel width. When the weights changed since the entry was last used
 * (training), the copy is dropped and each call packs once into a per-thread transient buffer
 * instead, so training holds no packed copies; once the weights stop changing ({@link #SETTLE_CALLS}
 * calls at one version) the entry is kept again. Weights that require a gradient count as changing
 * from their first call, so that a first training step does not keep copies either. Only
 * matrices of at least {@link #minElements()} floats are cached (small ones pack in no time), and
 * the cache holds at most {@code -Dcolorize.cpu.packCacheMB} (default 512) MiB, dropping the least
 * recently used entries beyond it.
 */
final class PackCache {
    private static final Map<Storage, List<Entry>> ENTRIES = new WeakHashMap<>();
    private static final long BUDGET = Long.getLong("colorize.cpu.packCacheMB", 512L) << 20;
    /** Calls at one version after which trained weights are kept packed again. */
    static final int SETTLE_CALLS = 8;
    private static volatile int minElements = 1 << 16;
    private static long bytes;
    private static long clock;

    private PackCache() {
    }

    /** Matrices smaller than this are never cached. */
    static int minElements() {
        return minElements;
    }

    /** For tests: cache matrices from this size on. */
    static void setMinElements(int n) {
        minElements = n;
    }

    /** Drops every entry (tests, or a caller that wants the memory back). */
    static synchronized void clear() {
        ENTRIES.clear();
        bytes = 0;
    }

    /** Total bytes held now. */
    static synchronized long bytes() {
        return bytes;
    }

    /**
     * The weight operand {@code source} (a view of {@code storage}: element (o, p) at
     * {@code offset + o*outerStride + p*kStride}), pre-packed with panels of {@code width}, or
     * {@code source} itself when the storage does not track versions or the matrix is small.
     * {@code trainable} weights (they require a gradient) are treated as changed from their first
     * call: a training step's first forward and backward would otherwise keep packed copies of every
     * weight matrix (for a U-Net ngf 64, 2 x 218 MB) until the optimizer's update makes them stale.
     */
    static Operand weights(Storage storage, Operand source, int offset, int outerStride, int kStride, int outer,
                           int k, int width, boolean trainable) {
        long version = storage.version();
        if (version < 0 || (long) outer * k < minElements || (long) PackedOperand.size(outer, k, width) * 4 > BUDGET) {
            return source;
        }
        Entry e = entry(storage, offset, outerStride, kStride, outer, k, width);
        int size = PackedOperand.size(outer, k, width);
        synchronized (e) {
            if (e.packed != null && e.version == version) {
                return e.packed;                                  // inference: weights unchanged
            }
            if (e.used && e.version != version) {
                // Training: the weights changed since the last call, so a kept copy is stale; drop it.
                e.changed = true;
                e.callsAtVersion = 0;
                release(e);
            }
            if (!e.used && trainable) {
                e.changed = true;
            }
            e.version = version;
            e.used = true;
            e.callsAtVersion++;
            if (e.changed && e.callsAtVersion < SETTLE_CALLS) {
                // Weights that have changed before are kept again only after SETTLE_CALLS calls
                // at one version: a GAN step uses D's weights 2-3 times between its updates, and a
                // copy made on the second call would be dropped after the third. Meanwhile pack into
                // the caller's transient buffer (still shared by every image and thread of this call).
                return PackedOperand.pack(source, outer, k, width, Scratch.transientPack(size));
            }
            charge(e);
            e.packed = PackedOperand.pack(source, outer, k, width, new float[size]);
            return e.packed;
        }
    }

    /** Counts an entry about to hold a packed copy against the budget, evicting others beyond it. */
    private static synchronized void charge(Entry e) {
        if (!e.counted) {
            bytes += e.bytes;
            e.counted = true;
            evictBeyondBudget(e);
        }
    }

    /** Drops an entry's packed copy (keeping its version), returning its bytes to the budget. */
    private static void release(Entry e) {
        e.packed = null;
        synchronized (PackCache.class) {
            if (e.counted) {
                bytes -= e.bytes;
                e.counted = false;
            }
        }
    }

    private static synchronized Entry entry(Storage storage, int offset, int outerStride, int kStride, int outer,
                                            int k, int width) {
        List<Entry> list = ENTRIES.computeIfAbsent(storage, s -> new ArrayList<>(2));
        Entry found = null;
        for (Entry e : list) {
            if (e.offset == offset && e.outerStride == outerStride && e.kStride == kStride && e.outer == outer
                    && e.k == k && e.width == width) {
                found = e;
                break;
            }
        }
        if (found == null) {
            found = new Entry(offset, outerStride, kStride, outer, k, width);
            list.add(found);
        }
        found.lastUse = ++clock;
        return found;
    }

    /** Drops least recently used entries (never {@code keep}) until the total fits the budget. */
    private static void evictBeyondBudget(Entry keep) {
        while (bytes > BUDGET) {
            Entry oldest = null;
            List<Entry> owner = null;
            for (List<Entry> list : ENTRIES.values()) {
                for (Entry e : list) {
                    if (e != keep && e.counted && (oldest == null || e.lastUse < oldest.lastUse)) {
                        oldest = e;
                        owner = list;
                    }
                }
            }
            if (oldest == null) {
                return;
            }
            owner.remove(oldest);
            bytes -= oldest.bytes;
            oldest.counted = false;
            oldest.packed = null;
        }
        for (Iterator<List<Entry>> it = ENTRIES.values().iterator(); it.hasNext(); ) {
            if (it.next().isEmpty()) {
                it.remove();
            }
        }
    }

    private static final class Entry {
        final int offset;
        final int outerStride;
        final int kStride;
        final int outer;
        final int k;
        final int width;
        final long bytes;
        long lastUse;
        long version;
        /** Whether a kernel has packed this view before (a version change then means training). */
        boolean used;
        /** Whether the weights have changed between two calls (they are being trained). */
        boolean changed;
        /** Calls since the version last changed (or since the first call). */
        int callsAtVersion;
        /** Whether {@link #bytes} is included in the cache's total. */
        boolean counted;
        PackedOperand packed;

        Entry(int offset, int outerStride, int kStride, int outer, int k, int width) {
            this.offset = offset;
            this.outerStride = outerStride;
            this.kStride = kStride;
            this.outer = outer;
            this.k = k;
            this.width = width;
            this.bytes = 4L * PackedOperand.size(outer, k, width);
        }
    }
}
