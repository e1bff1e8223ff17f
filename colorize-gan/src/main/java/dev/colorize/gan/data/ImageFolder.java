package dev.colorize.gan.data;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.image.ImageLoader;
import dev.colorize.gan.image.LabImage;
import dev.colorize.nn.data.Dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Colour photos under a folder (recursively) as training samples {@code {L [1,S,S], ab [2,S,S]}} in
 * Lab units (L in [0, 100], ab as {@link dev.colorize.gan.color.Lab} gives it), for a
 * {@link dev.colorize.nn.data.DataLoader}. Photos that are already gray (mean chroma below
 * {@link #minMeanChroma}) and files that cannot be decoded are left out when the folder is scanned,
 * with a warning and a count in {@link #scan()}; a file that fails later (changed on disk) is logged,
 * counted in {@link #loadFailures()} and replaced by the next photo, never fatal. Augmentation
 * (random crop, horizontal flip) draws only from the generator the loader passes, so batches are
 * deterministic given the loader's seed.
 *
 * <pre>{@code
 * ImageFolder photos = ImageFolder.of(Path.of("photos")).size(256).resize(Resize.SCALE).flip(true);
 * System.out.println(photos.scan().summary());
 * DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(photos).batchSize(4).shuffle(true).seed(1).build();
 * }</pre>
 *
 * Configuration methods return a new, unscanned ImageFolder; the scan happens once, on first use, in
 * file-name order. Thread-safe.
 */
public final class ImageFolder implements Dataset<Tensor[]> {
    /** File extensions (lower case) taken as images. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff");
    /** Default threshold on mean Lab chroma sqrt(a^2 + b^2) below which a photo counts as gray. */
    public static final double DEFAULT_MIN_MEAN_CHROMA = 3.0;

    private final Path root;
    private final int size;
    private final int loadSize;
    private final Resize resize;
    private final boolean flip;
    private final double minMeanChroma;
    private final ImageLoader loader;
    private final Consumer<String> warnings;
    private final AtomicLong loadFailures = new AtomicLong();
    private volatile ScanReport scanned;
    private final long cacheBytes;
    private final ResizedCache cache;

    private ImageFolder(Path root, int size, int loadSize, Resize resize, boolean flip, double minMeanChroma,
                        ImageLoader loader, Consumer<String> warnings, long cacheBytes) {
        if (size < 1 || (loadSize != 0 && loadSize < size)) {
            throw new IllegalArgumentException("ImageFolder: size " + size + " must be >= 1 and load size " + loadSize
                    + " >= size");
        }
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("ImageFolder: cache budget must be >= 0 bytes, got " + cacheBytes);
        }
        if (!(minMeanChroma >= 0)) {
            throw new IllegalArgumentException("ImageFolder: minimum mean chroma must be >= 0, got " + minMeanChroma);
        }
        this.root = Objects.requireNonNull(root, "root");
        this.size = size;
        this.loadSize = loadSize;
        this.resize = Objects.requireNonNull(resize, "resize");
        this.flip = flip;
        this.minMeanChroma = minMeanChroma;
        this.loader = Objects.requireNonNull(loader, "loader");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.cacheBytes = cacheBytes;
        this.cache = new ResizedCache(cacheBytes);
    }

    /** The photos under {@code root}: size 256, {@link Resize#SCALE}, flips, gray threshold 3. */
    public static ImageFolder of(Path root) {
        return new ImageFolder(root, 256, 0, Resize.SCALE, true, DEFAULT_MIN_MEAN_CHROMA, ImageLoader.defaults(),
                ImageFolder::logWarning, 0);
    }

    private static void logWarning(String message) {
        System.getLogger(ImageFolder.class.getName()).log(System.Logger.Level.WARNING, message);
    }

    /** Side of the square samples. */
    public ImageFolder size(int s) {
        return new ImageFolder(root, s, loadSize, resize, flip, minMeanChroma, loader, warnings, cacheBytes);
    }

    /** For {@link Resize#SCALE}: the shorter side before cropping (default: the size; pix2pix uses 286 for 256). */
    public ImageFolder loadSize(int s) {
        return new ImageFolder(root, size, s, resize, flip, minMeanChroma, loader, warnings, cacheBytes);
    }

    public ImageFolder resize(Resize mode) {
        return new ImageFolder(root, size, loadSize, mode, flip, minMeanChroma, loader, warnings, cacheBytes);
    }

    /** Random horizontal flips (probability 1/2) in {@link #get(int, Rng)}. */
    public ImageFolder flip(boolean enabled) {
        return new ImageFolder(root, size, loadSize, resize, enabled, minMeanChroma, loader, warnings, cacheBytes);
    }

    /** Photos whose mean chroma is below this are skipped as already gray (0 keeps everything with colour planes). */
    public ImageFolder minMeanChroma(double chroma) {
        return new ImageFolder(root, size, loadSize, resize, flip, chroma, loader, warnings, cacheBytes);
    }

    /** The image reader (e.g. with a lower pixel cap). */
    public ImageFolder loader(ImageLoader l) {
        return new ImageFolder(root, size, loadSize, resize, flip, minMeanChroma, l, warnings, cacheBytes);
    }

    /**
     * Keeps up to {@code bytes} of decoded, converted and resized photos in memory (default 0: none),
     * so that epochs after the first skip the JPEG decoding, the Lab conversion and the resampling,
     * which are the same every time; crops and flips are still drawn per sample. Photos are cached in
     * the order they are first read until the budget is spent. A cached photo no longer sees changes to
     * its file.
     */
    public ImageFolder cacheBytes(long bytes) {
        return new ImageFolder(root, size, loadSize, resize, flip, minMeanChroma, loader, warnings, bytes);
    }

    /** Where warnings about skipped files go (default: the System.Logger of this class, WARNING). */
    public ImageFolder warnings(Consumer<String> sink) {
        return new ImageFolder(root, size, loadSize, resize, flip, minMeanChroma, loader, sink, cacheBytes);
    }

    public Path root() {
        return root;
    }

    public int sampleSize() {
        return size;
    }

    public Resize resizeMode() {
        return resize;
    }

    // ------------------------------------------------------------------ scanning

    /** Lists and checks the photos (once; later calls return the same report). */
    public ScanReport scan() {
        ScanReport r = scanned;
        if (r == null) {
            synchronized (this) {
                if (scanned == null) {
                    scanned = doScan();
                }
                r = scanned;
            }
        }
        return r;
    }

    private ScanReport doScan() {
        List<Path> files = listImages(root);
        List<Path> kept = new ArrayList<>();
        List<ScanReport.Skipped> gray = new ArrayList<>();
        List<ScanReport.Skipped> corrupt = new ArrayList<>();
        for (Path f : files) {
            try {
                LabImage lab = LabImage.of(loader.read(f));
                double chroma = meanChroma(lab);
                if (chroma < minMeanChroma || !lab.hasColor()) {
                    gray.add(new ScanReport.Skipped(f, String.format(Locale.ROOT, "mean chroma %.2f < %.2f", chroma,
                            minMeanChroma)));
                } else {
                    kept.add(f);
                }
            } catch (IOException | RuntimeException e) {
                corrupt.add(new ScanReport.Skipped(f, e.getMessage() == null ? e.toString() : e.getMessage()));
                warnings.accept("ImageFolder: skipping unreadable image " + f + ": " + e.getMessage());
            }
        }
        return new ScanReport(root, files.size(), kept, gray, corrupt);
    }

    /** Image files under {@code dir}, recursively, hidden files excluded, sorted by path. */
    public static List<Path> listImages(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("ImageFolder: " + dir + " is not a directory");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> EXTENSIONS.contains(extension(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder: cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Mean of sqrt(a^2 + b^2) over (at most about 65536 evenly spaced) pixels; 0 without colour planes. */
    public static double meanChroma(LabImage lab) {
        if (!lab.hasColor()) {
            return 0;
        }
        float[] a = lab.a(), b = lab.b();
        int step = Math.max(1, a.length / 65536);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < a.length; i += step, n++) {
            sum += Math.sqrt((double) a[i] * a[i] + (double) b[i] * b[i]);
        }
        return sum / n;
    }

    // ------------------------------------------------------------------ samples

    @Override
    public int size() {
        return scan().kept().size();
    }

    /** The photos used, in sample-index order. */
    public List<Path> files() {
        return scan().kept();
    }

    /** Bytes of resized photos held by the {@link #cacheBytes} cache now. */
    public long cachedBytes() {
        return cache.bytesUsed();
    }

    /** Samples replaced because their file failed to load after the scan. */
    public long loadFailures() {
        return loadFailures.get();
    }

    /** Sample {@code index} without augmentation: the centre square, not flipped. */
    @Override
    public Tensor[] get(int index) {
        return get(index, null);
    }

    /** Sample {@code index} with a random crop and flip drawn from {@code rng} (null: centre, no flip). */
    @Override
    public Tensor[] get(int index, Rng rng) {
        List<Path> files = files();
        if (files.isEmpty()) {
            throw new IllegalStateException("ImageFolder: no usable colour photos under " + root + " ("
                    + scan().summary() + ")");
        }
        if (index < 0 || index >= files.size()) {
            throw new IndexOutOfBoundsException("ImageFolder: index " + index + " of " + files.size() + " photos");
        }
        for (int attempt = 0; attempt < files.size(); attempt++) {
            int i = (index + attempt) % files.size();
            Augment.Resized planes = cache.get(i);
            if (planes == null) {
                Path f = files.get(i);
                LabImage lab;
                try {
                    lab = LabImage.of(loader.read(f));
                } catch (IOException | RuntimeException e) {
                    loadFailures.incrementAndGet();
                    warnings.accept("ImageFolder: " + f + " failed to load (" + e.getMessage()
                            + "); using the next photo instead");
                    continue;
                }
                planes = Augment.resize(lab, size, loadSize == 0 ? size : loadSize, resize);
                cache.offer(i, planes);
            }
            return Augment.crop(planes, size, flip, rng);
        }
        throw new IllegalStateException("ImageFolder: every photo under " + root + " failed to load");
    }
}
