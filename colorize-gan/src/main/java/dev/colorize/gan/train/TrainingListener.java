package dev.colorize.gan.train;

import java.nio.file.Path;

/** Progress of a {@link Trainer}; every method defaults to doing nothing. Called on the training thread. */
public interface TrainingListener {

    /** After every generator step. */
    default void onStep(StepResult result) {
    }

    /** After a checkpoint was written. */
    default void onCheckpoint(long step, Path file) {
    }

    /** After a sample grid was written. */
    default void onSample(long step, Path file) {
    }

    /** When training resumed from a checkpoint. */
    default void onResume(long step, Path file) {
    }

    /** Free-form notes (data scan summary, skipped files). */
    default void onMessage(String message) {
    }
}
