package dev.colorize.core;

import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gives an exception whose message names the op and the shapes involved. */
class BadInputTest {

    private static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void elementwiseAndMovement() {
        rejects(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4)), "add", "[2, 3]", "[4]");
        rejects(() -> Tensor.zeros(2, 3).maximum(Tensor.zeros(3, 2)), "maximum", "[2, 3]", "[3, 2]");
        rejects(() -> Tensor.zeros(2, 3).reshape(4), "reshape", "[2, 3]", "[4]");
        rejects(() -> Tensor.zeros(2, 3).reshape(-1, -1), "reshape", "-1");
        rejects(() -> Tensor.zeros(2, 3).permute(0, 0), "permute", "[0, 0]");
        rejects(() -> Tensor.zeros(3).expand(2, 4), "expand", "[3]", "[2, 4]");
        rejects(() -> Tensor.cat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)), "cat", "[2, 3]", "[2, 4]");
        rejects(() -> Tensor.zeros(2, 3).sum(new int[] {2}, false), "sum", "dimension 2");
        rejects(() -> Tensor.of(new float[5], 2, 3), "Tensor.of", "[2, 3]");
        rejects(() -> Tensor.zeros(2, 3).item(), "item", "[2, 3]");
    }

    @Test
    void matmul() {
        rejects(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)), "matmul", "[2, 3]", "[4, 5]");
        rejects(() -> Tensor.zeros(3).matmul(Tensor.zeros(3, 2)), "matmul", "[3]");
        rejects(() -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1)), "matmul", "[2]", "[3]");
    }

    @Test
    void convolutionFamily() {
        ConvSpec s = ConvSpec.of(1, 1);
        rejects(() -> F.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 2, 3, 3), null, s),
                "conv2d", "[1, 3, 5, 5]", "[4, 2, 3, 3]");
        rejects(() -> F.conv2d(Tensor.zeros(3, 5, 5), Tensor.zeros(4, 3, 3, 3), null, s), "conv2d", "[3, 5, 5]");
        rejects(() -> F.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 3, 3, 3), Tensor.zeros(3), s),
                "conv2d", "bias", "[3]");
        rejects(() -> F.conv2d(Tensor.zeros(1, 3, 2, 2), Tensor.zeros(4, 3, 7, 7), null, s), "conv2d", "[1, 3, 2, 2]");
        rejects(() -> F.convTranspose2d(Tensor.zeros(1, 3, 4, 4), Tensor.zeros(4, 2, 3, 3), null, s),
                "conv_transpose2d", "[1, 3, 4, 4]", "[4, 2, 3, 3]");
        rejects(() -> F.convTranspose2d(Tensor.zeros(1, 3, 4, 4), Tensor.zeros(3, 2, 3, 3), null,
                ConvSpec.of(2, 1).withOutputPadding(2, 2)), "conv_transpose2d", "output padding");
        rejects(() -> new ConvSpec(0, 1, 0, 0, 1, 1, 0, 0), "convolution geometry");
    }

    @Test
    void normalisationAndResampling() {
        rejects(() -> F.batchNorm(Tensor.zeros(2, 3, 4, 4), null, null, Tensor.ones(4), null, true, 0.1f, 1e-5f),
                "batch_norm", "weight", "[4]", "[2, 3, 4, 4]");
        rejects(() -> F.batchNorm(Tensor.zeros(1, 3, 1, 1), Tensor.zeros(3), Tensor.ones(3), null, null, true, 0.1f, 1e-5f),
                "batch_norm", "more than 1 value per channel", "[1, 3, 1, 1]");
        rejects(() -> F.upsampleBilinear(Tensor.zeros(3, 4, 4), 2), "upsample_bilinear", "[3, 4, 4]");
        rejects(() -> F.pad(Tensor.zeros(1, 1, 3, 3), new int[] {3, 0, 0, 0}, true), "pad_reflect", "[1, 1, 3, 3]");
        rejects(() -> F.pad(Tensor.zeros(1, 1, 3, 3), new int[] {1, 1}, false), "pad", "[1, 1]");
        rejects(() -> F.dropout(Tensor.zeros(3), 1.5f, true, new dev.colorize.core.tensor.Rng(1)), "dropout", "1.5");
    }

    @Test
    void losses() {
        rejects(() -> F.l1Loss(Tensor.zeros(2, 3), Tensor.zeros(3, 2), Reduction.MEAN), "l1_loss", "[2, 3]", "[3, 2]");
        rejects(() -> F.mseLoss(Tensor.zeros(2, 3), Tensor.zeros(3), Reduction.MEAN), "mse_loss", "[2, 3]", "[3]");
        rejects(() -> F.binaryCrossEntropy(Tensor.of(new float[] {0.5f, 1.5f}, 2), Tensor.zeros(2), Reduction.MEAN),
                "binary_cross_entropy", "[2]", "1.5");
        rejects(() -> F.binaryCrossEntropy(Tensor.of(new float[] {Float.NaN}, 1), Tensor.zeros(1), Reduction.MEAN),
                "binary_cross_entropy", "NaN");
        rejects(() -> F.binaryCrossEntropyWithLogits(Tensor.zeros(2), Tensor.zeros(3), Reduction.SUM),
                "binary_cross_entropy_with_logits", "[2]", "[3]");
        rejects(() -> F.crossEntropy(Tensor.zeros(2, 5, 2, 2), new long[7], null, Reduction.MEAN),
                "cross_entropy", "7 targets", "[2, 5, 2, 2]");
        rejects(() -> F.crossEntropy(Tensor.zeros(2, 5), new long[] {1, 5}, null, Reduction.MEAN),
                "cross_entropy", "target 5", "[2, 5]");
        rejects(() -> F.crossEntropy(Tensor.zeros(2, 5), new long[] {1, 2}, Tensor.ones(4), Reduction.MEAN),
                "cross_entropy", "weight", "[4]");
        rejects(() -> F.crossEntropySoft(Tensor.zeros(2, 5), Tensor.zeros(2, 4), Reduction.MEAN),
                "cross_entropy", "[2, 4]", "[2, 5]");
    }

    @Test
    void autograd() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor y = x.mul(2f);
        rejects(() -> y.backward(Tensor.zeros(3)), "grad", "[3]", "[2, 3]");
        rejects(() -> x.setGrad(Tensor.zeros(3, 2)), "setGrad", "[3, 2]");
        rejects(y::backward, "backward", "[2, 3]");
    }
}
