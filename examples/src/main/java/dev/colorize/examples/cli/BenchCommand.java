package dev.colorize.examples.cli;

import dev.colorize.core.backend.Backends;
import dev.colorize.gan.Colorizer;
import dev.colorize.gan.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** {@code colorize bench}: a quick images-per-second measurement of the whole colorize pipeline. */
@Command(name = "colorize bench", mixinStandardHelpOptions = true,
        description = "Measure colorize throughput (images/s) on a synthetic gray photo.")
final class BenchCommand extends PicocliSubcommand {

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--arch", paramLabel = "NAME",
            description = "benchmark an untrained network of this architecture instead of a model file")
    String arch;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "512x384", description = "photo size (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "timed seconds per mode (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "2", description = "warm-up seconds (default ${DEFAULT-VALUE})")
    double warmup;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure images per second";
    }

    @Override
    public Integer call() throws Exception {
        String[] wh = size.toLowerCase().split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("--size must look like 512x384, got " + size);
        }
        BufferedImage photo = syntheticPhoto(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()));
        Colorizer c = colorizer();
        out.printf("model %s, render %d, photo %dx%d, %d threads, batch %d, backend %s%n", c.model().architecture(),
                c.renderSize(), photo.getWidth(), photo.getHeight(), c.threads(), c.batchSize(),
                Backends.current().name());
        time(() -> c.colorize(photo), 1, warmup);
        double single = time(() -> c.colorize(photo), 1, seconds);
        out.printf("single image : %.2f img/s (%.1f ms/img)%n", single, 1000 / single);
        List<BufferedImage> batch = new ArrayList<>();
        for (int i = 0; i < c.threads() * c.batchSize(); i++) {
            batch.add(photo);
        }
        double batched = time(() -> c.colorize(batch), batch.size(), seconds);
        out.printf("batched (%d) : %.2f img/s (%.1f ms/img)%n", batch.size(), batched, 1000 / batched);
        return 0;
    }

    private Colorizer colorizer() throws java.io.IOException {
        if (arch == null) {
            return modelOptions.build();
        }
        if (modelOptions.model != null) {
            throw new IllegalArgumentException("give either --model or --arch, not both");
        }
        return modelOptions.apply(Colorizer.of(ModelRegistry.factory(arch).createUntrained(Map.of(), 1L)));
    }

    /** Runs {@code work} (worth {@code images} images) repeatedly for about {@code budget} seconds; images/s. */
    private static double time(Runnable work, int images, double budget) {
        long start = System.nanoTime();
        int runs = 0;
        double elapsed;
        do {
            work.run();
            runs++;
            elapsed = (System.nanoTime() - start) / 1e9;
        } while (elapsed < budget);
        return runs * images / elapsed;
    }

    static BufferedImage syntheticPhoto(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        SplittableRandom r = new SplittableRandom(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, Math.min(255, 40 + 150 * (x + y) / (w + h) + r.nextInt(40)));
            }
        }
        return img;
    }
}
