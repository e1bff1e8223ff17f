package dev.colorize.gan.train;

import dev.colorize.core.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code losses.csv}: one row per generator step, {@code step,g_adv,g_rec,d_loss,lr,img_per_s}
 * (d_loss empty without a discriminator), flushed every row. On resume, rows after the checkpoint's
 * step (written before a crash) are dropped so the file matches the training that continues. Keeps
 * the rows in memory for the loss plot.
 */
final class LossLog implements AutoCloseable {
    static final String HEADER = "step,g_adv,g_rec,d_loss,lr,img_per_s";

    private final Path file;
    private final List<StepResult> rows = new ArrayList<>();
    private BufferedWriter out;

    private LossLog(Path file) {
        this.file = file;
    }

    /** A new log (replacing any file), or with {@code resumeStep >= 0} the existing rows up to that step. */
    static LossLog open(Path file, long resumeStep) throws IOException {
        LossLog log = new LossLog(file);
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (resumeStep >= 0 && Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                StepResult r = parse(lines.get(i));
                if (r != null && r.step() <= resumeStep) {
                    kept.add(lines.get(i));
                    log.rows.add(r);
                }
            }
        }
        AtomicFiles.write(file, tmp -> Files.write(tmp, kept, StandardCharsets.UTF_8));
        log.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return log;
    }

    private static StepResult parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 6) {
            return null; // a row cut short by a crash
        }
        try {
            return new StepResult(Long.parseLong(f[0]), 0, num(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5]), 0, 0);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    void append(StepResult r) throws IOException {
        rows.add(r);
        out.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%.2f", r.step(), fmt(r.gAdv()), fmt(r.gRec()),
                fmt(r.dLoss()), fmt(r.lr()), r.imagesPerSecond()));
        out.newLine();
        out.flush();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : Double.toString((float) v);
    }

    List<StepResult> rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
