package dev.colorize.bench;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.loss.L1Loss;
import dev.colorize.nn.loss.MSELoss;
import dev.colorize.nn.optim.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One pix2pix training step exactly as {@code run.sh train-step} runs it in torch: U-Net G (with
 * dropout) and PatchGAN D, both in train mode; D step with LSGAN {@code 0.5 * (mse(D(fake), 0) +
 * mse(D(real), 1))} on the detached fake; G step with {@code mse(D(fake), 1) + 100 * l1(fake, real_b)}
 * through a frozen D; Adam lr 2e-4, betas (0.5, 0.999) for both. Inputs [batch, 1|2, 256, 256]
 * uniform in [-1, 1). At the end of the trial the fork prints its peak RSS and heap
 * ({@link MemoryProbe}). {@code compare.sh train-step NGF B T} runs it next to torch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g", "-Xss4m", "-XX:+UseParallelGC"})
public class TrainStepBench {
    @Param({"64"})
    public int ngf;

    @Param({"1", "4"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    @Param({"cpu-vector"})
    public String backend;

    private Module g;
    private Module d;
    private Adam optG;
    private Adam optD;
    private final MSELoss mse = new MSELoss();
    private final L1Loss l1 = new L1Loss();
    private Tensor realA;
    private Tensor realB;

    @Setup
    public void setup() {
        BenchSupport.backend(backend, threads);
        Rng rng = new Rng(0);
        g = Models.unet(ngf, true);
        d = Models.patchGan();
        g.train();
        d.train();
        optG = Adam.builder(g.parameters()).lr(2e-4).betas(0.5, 0.999).build();
        optD = Adam.builder(d.parameters()).lr(2e-4).betas(0.5, 0.999).build();
        realA = Models.uniform(rng, batch, 1, 256, 256);
        realB = Models.uniform(rng, batch, 2, 256, 256);
    }

    @Benchmark
    public float step() {
        Tensor fakeB = g.forward(realA);
        // D step: LSGAN, fake -> 0, real -> 1, halved
        d.requiresGrad(true);
        optD.zeroGrad();
        Tensor fakeAB = Tensor.cat(1, realA, fakeB);
        Tensor predFake = d.forward(fakeAB.detach());
        Tensor predReal = d.forward(Tensor.cat(1, realA, realB));
        Tensor lossD = mse.forward(predFake, predFake.detach().zerosLike())
                .add(mse.forward(predReal, predReal.detach().onesLike())).mul(0.5f);
        lossD.backward();
        optD.step();
        // G step: fool the frozen D, plus 100 * L1
        d.requiresGrad(false);
        optG.zeroGrad();
        Tensor predFakeG = d.forward(fakeAB);
        Tensor lossG = mse.forward(predFakeG, predFakeG.detach().onesLike()).add(l1.forward(fakeB, realB).mul(100f));
        lossG.backward();
        optG.step();
        try (GradMode.Scope s = GradMode.noGrad()) {
            return lossD.item() + lossG.item();
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        MemoryProbe.print("train-step-ngf" + ngf + "-b" + batch + "-t" + threads);
    }
}
