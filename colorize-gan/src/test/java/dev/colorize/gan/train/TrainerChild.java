package dev.colorize.gan.train;

import dev.colorize.core.backend.Backends;

import java.nio.file.Path;

/**
 * The child JVM of {@link TrainerResumeTest}'s kill -9 test: trains the fixture configuration
 * (args: photos, run folder, objective, "scalar" for the scalar kernels or "vector" for the default
 * kernels; the generator ends in tanh either way),
 * printing "checkpoint STEP" after each checkpoint and sleeping a little after each step so the
 * parent's SIGKILL lands in the middle of training.
 */
public final class TrainerChild {
    private TrainerChild() {
    }

    public static void main(String[] args) throws Exception {
        Path photos = Path.of(args[0]), run = Path.of(args[1]);
        String objective = args[2];
        boolean scalar = args[3].equals("scalar");
        if (scalar) {
            Backends.setCpu(Backends.scalar());
            Backends.setCurrent(Backends.scalar());
        }
        Trainer t = Fixtures.config(photos, run, objective, 7).listener(new TrainingListener() {
            @Override
            public void onStep(StepResult r) {
                System.out.println("step " + r.step());
                System.out.flush();
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onCheckpoint(long step, Path file) {
                System.out.println("checkpoint " + step);
                System.out.flush();
            }
        }).build();
        t.run();
        System.out.println("finished");
    }
}
