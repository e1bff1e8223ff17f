package dev.colorize.examples.cli;

import java.io.PrintStream;

/** A one-line progress bar on a terminal: {@code [#####.....] 12/40  3.1 img/s  ETA 0:09  2 failed}. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final int total;
    private final long start;
    private final boolean enabled;

    ProgressBar(PrintStream out, int total, boolean enabled) {
        this.out = out;
        this.total = total;
        this.start = System.nanoTime();
        this.enabled = enabled;
    }

    synchronized void update(int done, int failed) {
        if (enabled) {
            out.print("\r" + line(done, total, failed, (System.nanoTime() - start) / 1e9));
            out.flush();
        }
    }

    synchronized void finish() {
        if (enabled) {
            out.println();
        }
    }

    /** The bar for {@code done} of {@code total} after {@code seconds}. */
    static String line(int done, int total, int failed, double seconds) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        StringBuilder sb = new StringBuilder("[");
        sb.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        sb.append(done).append('/').append(total);
        double rate = seconds > 0 ? done / seconds : 0;
        sb.append(String.format("  %.1f img/s", rate));
        if (done < total && rate > 0) {
            sb.append("  ETA ").append(clock((total - done) / rate));
        } else if (done == total) {
            sb.append("  in ").append(clock(seconds));
        }
        if (failed > 0) {
            sb.append("  ").append(failed).append(" failed");
        }
        return sb.toString();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
