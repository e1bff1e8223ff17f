package dev.colorize.gan.train;

import java.nio.file.Path;

/** Where a finished run left things: the steps done, the final checkpoint and the generator's model file. */
public record TrainResult(long steps, Path checkpoint, Path modelFile, StepResult last) {
}
