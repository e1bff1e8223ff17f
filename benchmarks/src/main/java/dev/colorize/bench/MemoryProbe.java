package dev.colorize.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory figure of a benchmark fork: peak resident set ({@code VmHWM} of /proc/self/status,
 * what the peers' {@code PEAKRSS} line reports) and the sum of the heap pools' peak usage. Printed
 * by the fork as {@code PEAKRSS <name> <MiB> MiB heap_peak=<MiB> MiB}, which JMH echoes and
 * {@code compare.sh} picks up.
 */
final class MemoryProbe {
    private MemoryProbe() {
    }

    static void print(String name) {
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("PEAKRSS %s %d MiB heap_peak=%d MiB%n", name, peakRssKiB() / 1024, heapPeak >> 20);
        System.out.flush();
    }

    /** VmHWM in KiB, or -1 where /proc is not available. */
    static long peakRssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
