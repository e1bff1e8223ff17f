package dev.colorize.nn;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.data.DataLoader;
import dev.colorize.nn.data.TensorDataset;
import dev.colorize.nn.init.Init;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.LeakyReLU;
import dev.colorize.nn.layers.Linear;
import dev.colorize.nn.layers.ReLU;
import dev.colorize.nn.layers.Tanh;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.Optimizer;
import dev.colorize.nn.optim.SGD;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small networks must be able to memorise a few samples: the end-to-end check of layers + autograd + optimizers. */
class OverfitTest {

    private static float mse(Tensor a, Tensor b) {
        Tensor d = a.sub(b);
        return d.mul(d).mean().item();
    }

    @Test
    void mlpMemorisesEightPoints() {
        Rng rng = new Rng(1);
        Sequential mlp = new Sequential(new Linear(3, 16, true, rng), new Tanh(), new Linear(16, 2, true, rng));
        Tensor x = Tensor.randn(rng, 8, 3);
        Tensor y = Tensor.randn(rng, 8, 2).mul(0.5f);
        Optimizer opt = SGD.builder(mlp.parameters()).lr(0.1).momentum(0.9).build();
        float first = mse(mlp.forward(x), y);
        for (int i = 0; i < 300; i++) {
            Tensor loss = mse2(mlp.forward(x), y);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        float last = mse(mlp.forward(x), y);
        assertTrue(last < 0.01f && last < first / 10, "MSE " + first + " -> " + last);
    }

    private static Tensor mse2(Tensor a, Tensor b) {
        Tensor d = a.sub(b);
        return d.mul(d).mean();
    }

    @Test
    void convNetWithBatchNormMemorisesFourImages() {
        Init.manualSeed(5);
        Rng rng = new Rng(2);
        Sequential net = new Sequential(
                Conv2d.builder(1, 8, 3).padding(1).build(), new BatchNorm2d(8), new LeakyReLU(0.2f),
                Conv2d.builder(8, 8, 3).padding(1).build(), new ReLU(),
                Conv2d.builder(8, 2, 1).build(), new Tanh());
        Tensor x = Tensor.randn(rng, 4, 1, 6, 6);
        Tensor y = Tensor.rand(rng, 4, 2, 6, 6).mul(1.2f).sub(0.6f);
        Adam opt = Adam.builder(net.parameters()).lr(1e-2).betas(0.5, 0.999).build();
        float first = mse(net.forward(x), y);
        try (DataLoader<Tensor[], Tensor[]> loader = DataLoader.builder(new TensorDataset(x, y))
                .batchSize(2).shuffle(true).seed(3).build()) {
            for (int epoch = 0; epoch < 150; epoch++) {
                for (Tensor[] batch : loader) {
                    Tensor loss = mse2(net.forward(batch[0]), batch[1]);
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                }
            }
        }
        float last = mse(net.forward(x), y);
        assertTrue(last < 0.02f && last < first / 5, "MSE " + first + " -> " + last);
    }
}
