package dev.colorize.gan;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.image.ImageFiles;
import dev.colorize.gan.image.ImageLoader;
import dev.colorize.gan.image.LabImage;
import dev.colorize.gan.image.Resampler;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Colorizes photos with a trained generator: the network sees the lightness at a square render
 * size and predicts ab; ab is upsampled bilinearly to the photo's size and combined with the photo's
 * own full-resolution L (chroma transfer), so the output has the input's size, detail and lightness.
 *
 * <pre>{@code
 * Colorizer colorizer = Colorizer.load(Path.of("model.safetensors")).renderSize(256).saturation(1.1f);
 * BufferedImage color = colorizer.colorize(ImageIO.read(new File("old.jpg")));
 * colorizer.colorize(Path.of("old.jpg"), Path.of("old-color.png"));
 * }</pre>
 *
 * Immutable: every option returns a new Colorizer sharing the model. One instance may be used by many
 * threads at once and gives the same results as single-threaded use. No network, no temporary files
 * (outputs are written to a temporary file beside the target and renamed).
 */
public final class Colorizer {
    /** Where {@link #pretrained()} looks for the embedded default model. */
    public static final String DEFAULT_MODEL_RESOURCE = "/dev/colorize/gan/default-model.safetensors";

    private final ColorizationModel model;
    private final int renderSize;
    private final float saturation;
    private final int threads;
    private final int batchSize;
    private final Backend backend;
    private final ImageLoader loader;
    private final boolean flipAverage;

    private Colorizer(ColorizationModel model, int renderSize, float saturation, int threads, int batchSize,
                      Backend backend, ImageLoader loader, boolean flipAverage) {
        this.model = model;
        this.renderSize = renderSize;
        this.saturation = saturation;
        this.threads = threads;
        this.batchSize = batchSize;
        this.backend = backend;
        this.loader = loader;
        this.flipAverage = flipAverage;
    }

    // ------------------------------------------------------------------ construction

    /** A colorizer around an already built model, with its default render size, saturation and flip averaging. */
    public static Colorizer of(ColorizationModel model) {
        Objects.requireNonNull(model, "model");
        int size = model.defaultRenderSize();
        model.checkRenderSize(size);
        return new Colorizer(model, size, model.defaultSaturation(), Math.max(1, Runtime.getRuntime().availableProcessors()), 4,
                null, ImageLoader.defaults(), model.defaultFlipAverage());
    }

    /** Loads a model file written by {@link ModelFile#write}; errors name the file. */
    public static Colorizer load(Path modelFile) throws IOException {
        return of(instantiate(ModelFile.read(modelFile), modelFile.toString()));
    }

    /**
     * The default model embedded in the library ({@value #DEFAULT_MODEL_RESOURCE}).
     *
     * @throws IllegalStateException when this build does not bundle a default model
     * @throws UncheckedIOException  when the bundled model is unreadable
     */
    public static Colorizer pretrained() {
        try (InputStream in = Colorizer.class.getResourceAsStream(DEFAULT_MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default model is not bundled with this build (classpath resource "
                        + DEFAULT_MODEL_RESOURCE + " is missing); load a model file with Colorizer.load(Path)");
            }
            String source = "classpath:" + DEFAULT_MODEL_RESOURCE;
            return of(instantiate(ModelFile.read(in.readAllBytes(), source), source));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled default model is unreadable: " + e.getMessage(), e);
        }
    }

    private static ColorizationModel instantiate(ModelFile file, String source) throws ModelFormatException {
        try {
            return file.instantiate();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(source, e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ options

    /** The square size the network sees (like DeOldify's render_factor); larger: more detail, slower. */
    public Colorizer renderSize(int size) {
        model.checkRenderSize(size);
        return new Colorizer(model, size, saturation, threads, batchSize, backend, loader, flipAverage);
    }

    /** Multiplies the predicted ab (1 = as predicted, 0 = gray, above 1 = more vivid). */
    public Colorizer saturation(float factor) {
        if (!(factor >= 0) || Float.isInfinite(factor)) {
            throw new IllegalArgumentException("saturation must be a finite number >= 0, got " + factor);
        }
        return new Colorizer(model, renderSize, factor, threads, batchSize, backend, loader, flipAverage);
    }

    /** Worker threads of the batch methods (default: available processors). */
    public Colorizer threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        return new Colorizer(model, renderSize, saturation, n, batchSize, backend, loader, flipAverage);
    }

    /** Images per network call in the batch methods (default 4). */
    public Colorizer batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + n);
        }
        return new Colorizer(model, renderSize, saturation, threads, n, backend, loader, flipAverage);
    }

    /** Runs the network on the named backend (see {@code Backends.byName}); the model must support it. */
    public Colorizer backend(String name) {
        Backend b = Backends.byName(name);
        return new Colorizer(model.to(b), renderSize, saturation, threads, batchSize, b, loader, flipAverage);
    }

    /** Refuse input files with more pixels than this (checked before decoding). */
    public Colorizer maxPixels(long max) {
        return new Colorizer(model, renderSize, saturation, threads, batchSize, backend, loader.maxPixels(max), flipAverage);
    }

    /**
     * Test-time flip averaging: the network also colorizes the mirrored image, and the two ab
     * predictions (the second mirrored back) are averaged. Twice the network work; the average of
     * two guesses errs less where the network is unsure, and is a little paler.
     */
    public Colorizer flipAverage(boolean on) {
        return new Colorizer(model, renderSize, saturation, threads, batchSize, backend, loader, on);
    }

    public boolean flipAverage() {
        return flipAverage;
    }

    public int renderSize() {
        return renderSize;
    }

    public float saturation() {
        return saturation;
    }

    public int threads() {
        return threads;
    }

    public int batchSize() {
        return batchSize;
    }

    public ColorizationModel model() {
        return model;
    }

    public ImageLoader loader() {
        return loader;
    }

    // ------------------------------------------------------------------ colorizing

    /** The image in colour: same size, the input's L (its own colour, if any, is replaced), alpha kept. */
    public BufferedImage colorize(BufferedImage image) {
        return colorize(LabImage.of(image)).toImage();
    }

    /** Lab in, Lab out: the result shares the input's L and alpha arrays exactly; only ab is new. */
    public LabImage colorize(LabImage image) {
        return colorizeBatch(List.of(image)).get(0);
    }

    /** Reads {@code in}, colorizes it and atomically writes {@code out} (format from its extension). */
    public void colorize(Path in, Path out) throws IOException {
        ImageFiles.formatOf(out); // fail before the work on an unsupported extension
        ImageFiles.write(colorize(loader.read(in)), out);
    }

    /** Many images, batched and spread over {@link #threads()} workers; results in input order. */
    public List<BufferedImage> colorize(List<BufferedImage> images) {
        return BatchRunner.map(images, batchSize, threads, chunk -> {
            List<LabImage> labs = new ArrayList<>(chunk.size());
            for (BufferedImage img : chunk) {
                labs.add(LabImage.of(img));
            }
            List<BufferedImage> out = new ArrayList<>(chunk.size());
            for (LabImage lab : colorizeBatch(labs)) {
                out.add(lab.toImage());
            }
            return out;
        });
    }

    /**
     * Colorizes files to {@code outputFor.apply(input)}, batched over {@link #threads()} workers. A file
     * that fails (unreadable, too large, ...) does not stop the others: its result carries the error.
     * {@code listener} (may be null) is called once per file, from worker threads, one call at a time.
     */
    public List<FileResult> colorizeFiles(List<Path> inputs, Function<Path, Path> outputFor, ProgressListener listener) {
        FileBatch batch = new FileBatch(this, outputFor, listener, inputs.size());
        return BatchRunner.map(inputs, batchSize, threads, batch::process);
    }

    /** Progress of {@link #colorizeFiles}. */
    @FunctionalInterface
    public interface ProgressListener {
        void onFileDone(int done, int total, FileResult result);
    }

    /** The network on a batch of Lab images: render-size L in, full-size ab out. */
    List<LabImage> colorizeBatch(List<LabImage> images) {
        int n = images.size(), s = renderSize, plane = s * s;
        float[] input = new float[n * plane];
        for (int i = 0; i < n; i++) {
            LabImage img = images.get(i);
            float[] small = Resampler.resize(img.l(), img.width(), img.height(), s, s);
            for (int p = 0; p < plane; p++) {
                input[i * plane + p] = model.inputNormalization().normalizeL(small[p]);
            }
        }
        float[] ab = predict(input, n);
        List<LabImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LabImage img = images.get(i);
            float[] a = upsample(ab, (2 * i) * plane, img);
            float[] b = upsample(ab, (2 * i + 1) * plane, img);
            out.add(img.withAb(a, b));
        }
        return out;
    }

    private float[] predict(float[] input, int n) {
        if (!flipAverage) {
            return run(input, n);
        }
        int s = renderSize, plane = s * s;
        float[] both = Arrays.copyOf(input, 2 * n * plane);
        mirror(input, 0, both, n * plane, n, s);
        float[] ab = run(both, 2 * n);
        float[] mirroredBack = new float[2 * n * plane];
        mirror(ab, 2 * n * plane, mirroredBack, 0, 2 * n, s);
        float[] mean = new float[2 * n * plane];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = 0.5f * (ab[i] + mirroredBack[i]);
        }
        return mean;
    }

    /** Planes {@code [from, from + count)} of size s x s, each mirrored left-right, into dst at {@code to}. */
    private static void mirror(float[] src, int from, float[] dst, int to, int count, int s) {
        for (int p = 0; p < count; p++) {
            for (int y = 0; y < s; y++) {
                int row = from + (p * s + y) * s, out = to + (p * s + y) * s;
                for (int x = 0; x < s; x++) {
                    dst[out + x] = src[row + s - 1 - x];
                }
            }
        }
    }

    private float[] run(float[] input, int n) {
        int s = renderSize;
        int[] shape = {n, 1, s, s};
        Tensor x = backend == null ? Tensor.of(input, shape)
                : new Tensor(backend.fromHost(input), 0, shape, Shapes.contiguousStrides(shape));
        Tensor ab;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            ab = model.predictAb(x);
        }
        int[] expected = {n, 2, s, s};
        if (!Arrays.equals(ab.shape(), expected)) {
            throw new IllegalStateException("model '" + model.architecture() + "' returned ab of shape "
                    + Shapes.str(ab.shape()) + " for input " + Shapes.str(shape) + "; expected " + Shapes.str(expected));
        }
        float[] values = ab.toArray();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalStateException("model '" + model.architecture() + "' produced a non-finite ab value ("
                        + values[i] + ") at flat index " + i + " of " + Shapes.str(expected));
            }
        }
        return values;
    }

    private float[] upsample(float[] ab, int offset, LabImage img) {
        int s = renderSize;
        float[] plane = Arrays.copyOfRange(ab, offset, offset + s * s);
        float[] full = Resampler.resize(plane, s, s, img.width(), img.height());
        if (saturation != 1f) {
            for (int i = 0; i < full.length; i++) {
                full[i] *= saturation;
            }
        }
        return full;
    }

    /** The file work of one chunk: read, colorize as one batch, write; errors are per file. */
    private static final class FileBatch {
        private final Colorizer colorizer;
        private final Function<Path, Path> outputFor;
        private final ProgressListener listener;
        private final int total;
        private int done;

        FileBatch(Colorizer colorizer, Function<Path, Path> outputFor, ProgressListener listener, int total) {
            this.colorizer = colorizer;
            this.outputFor = outputFor;
            this.listener = listener;
            this.total = total;
        }

        List<FileResult> process(List<Path> chunk) {
            FileResult[] results = new FileResult[chunk.size()];
            List<LabImage> labs = new ArrayList<>();
            List<Integer> loaded = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Path in = chunk.get(i);
                try {
                    ImageFiles.formatOf(outputFor.apply(in));
                    labs.add(LabImage.of(colorizer.loader.read(in)));
                    loaded.add(i);
                } catch (IOException | RuntimeException e) {
                    results[i] = finish(new FileResult(in, null, e));
                }
            }
            List<LabImage> colored;
            try {
                colored = labs.isEmpty() ? List.of() : colorizer.colorizeBatch(labs);
            } catch (RuntimeException e) {
                for (int i : loaded) {
                    results[i] = finish(new FileResult(chunk.get(i), null, e));
                }
                return Arrays.asList(results);
            }
            for (int k = 0; k < loaded.size(); k++) {
                int i = loaded.get(k);
                Path in = chunk.get(i), out = outputFor.apply(in);
                try {
                    ImageFiles.write(colored.get(k).toImage(), out);
                    results[i] = finish(new FileResult(in, out, null));
                } catch (IOException | RuntimeException e) {
                    results[i] = finish(new FileResult(in, null, e));
                }
            }
            return Arrays.asList(results);
        }

        private synchronized FileResult finish(FileResult r) {
            done++;
            if (listener != null) {
                listener.onFileDone(done, total, r);
            }
            return r;
        }
    }
}
