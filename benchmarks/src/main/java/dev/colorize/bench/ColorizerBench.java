package dev.colorize.bench;

import dev.colorize.gan.Colorizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end colorization with the embedded default model ({@link Colorizer#pretrained()}): a
 * 256 x 256 gray photo in, a colour photo of the same size out (Lab conversion, resize to the render
 * size, network, chroma upsampling, sRGB). {@code single}: one image per call; {@code batch8}: eight
 * images per call through {@link Colorizer#colorize(List)}. Report images/s = 1000 / ms (x 8 for batch8).
 * {@code -p flip=on,off} compares test-time flip averaging (twice the network work) with none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g", "-Xss4m", "-XX:+UseParallelGC"})
public class ColorizerBench {
    @Param({"1", "2"})
    public int threads;

    /** 0 = the model's own render size (128 for the default model). */
    @Param({"0", "256"})
    public int renderSize;

    /** Test-time flip averaging: "model" = the model file's own setting, or "on" / "off". */
    @Param({"model"})
    public String flip;

    private Colorizer colorizer;
    private BufferedImage photo;
    private List<BufferedImage> eight;

    @Setup
    public void setup() {
        BenchSupport.backend("cpu-vector", threads);
        Colorizer c = Colorizer.pretrained().threads(threads);
        c = renderSize > 0 ? c.renderSize(renderSize) : c;
        colorizer = switch (flip) {
            case "model" -> c;
            case "on" -> c.flipAverage(true);
            case "off" -> c.flipAverage(false);
            default -> throw new IllegalArgumentException("flip must be model, on or off, got " + flip);
        };
        photo = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                int v = (x * 7 + y * 3 + (x * y) % 53) & 0xff;
                photo.getRaster().setSample(x, y, 0, v);
            }
        }
        eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add(photo);
        }
    }

    @Benchmark
    public BufferedImage single() {
        return colorizer.colorize(photo);
    }

    @Benchmark
    public List<BufferedImage> batch8() {
        return colorizer.colorize(eight);
    }
}
