package dev.colorize.gan.models;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.layers.Dropout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Architecture details the reference cases do not cover: options, keys, odd widths, bad input. */
class ModelShapesTest {

    @Test
    void unetKeysFollowPix2pix() {
        UNet g = UNet.builder().ngf(3).numDowns(5).build();
        List<String> keys = List.copyOf(g.stateDict().keys());
        assertEquals("model.model.0.weight", keys.get(0));
        assertTrue(keys.contains("model.model.1.model.3.model.3.model.3.model.1.weight"), "innermost down conv");
        assertTrue(keys.contains("model.model.1.model.3.model.3.model.3.model.4.running_var"), "innermost up BN");
        assertTrue(keys.contains("model.model.3.bias"), "outermost up conv has a bias");
        assertFalse(keys.contains("model.model.0.bias"), "no bias before batch norm");
        // widths ngf, 2ngf, 4ngf, 8ngf, 8ngf
        assertArrayEquals(new int[] {24, 24, 4, 4}, g.stateDict().get("model.model.1.model.3.model.3.model.3.model.1.weight").shape());
        Tensor y = g.forward(Tensor.rand(new Rng(1), 2, 1, 32, 64).mul(2f).sub(1f));
        assertArrayEquals(new int[] {2, 2, 32, 64}, y.shape());
        assertThrows(IllegalArgumentException.class, () -> g.forward(Tensor.zeros(1, 1, 48, 32)));
    }

    @Test
    void unetOptions() {
        UNet up = UNet.builder().ngf(2).numDowns(6).norm(Norm.INSTANCE).decoder(UNet.Decoder.UPSAMPLE_CONV).dropout(true).build();
        var keys = up.stateDict().keys();
        assertTrue(keys.contains("model.model.3.1.weight"), "upsample + conv decoder: " + keys);
        assertTrue(keys.contains("model.model.0.bias"), "instance norm: convs keep their bias");
        assertFalse(keys.stream().anyMatch(k -> k.contains("running")), "instance norm has no running stats");
        long dropouts = up.namedModules().values().stream().filter(m -> m instanceof Dropout).count();
        assertEquals(1, dropouts, "pix2pix: dropout in the numDowns - 5 extra 8*ngf blocks");
        Tensor x = Tensor.rand(new Rng(2), 1, 1, 64, 64);
        assertArrayEquals(new int[] {1, 2, 64, 64}, up.forward(x).shape());
        UNet none = UNet.builder().ngf(2).numDowns(4).norm(Norm.NONE).inChannels(3).outChannels(3).build();
        assertArrayEquals(new int[] {1, 3, 16, 16}, none.forward(Tensor.zeros(1, 3, 16, 16)).shape());
        assertEquals(UNet.Decoder.UPSAMPLE_CONV, UNet.Decoder.parse("upsample-conv"));
    }

    @Test
    void patchGanShapesForOddSizesAndWidths() {
        PatchGAN d = PatchGAN.builder().ndf(5).nLayers(3).build();
        assertArrayEquals(new int[] {2, 1, 6, 7}, d.forward(Tensor.zeros(2, 3, 66, 78)).shape());   // 78 -> 39 -> 19 -> 9 -> 8 -> 7
        assertEquals(List.of("model.0.weight", "model.0.bias", "model.2.weight", "model.3.weight"),
                List.copyOf(d.stateDict().keys()).subList(0, 4));
        assertTrue(d.stateDict().keys().contains("model.11.bias"));
        PatchGAN critic = PatchGAN.builder().ndf(2).nLayers(2).norm(Norm.NONE).build();
        assertArrayEquals(new int[] {1, 1, 2, 2}, critic.forward(Tensor.zeros(1, 3, 16, 16)).shape());
    }

    @Test
    void eccvWidthsAndSizes() {
        Eccv16 g = Eccv16.builder().widths(5, 9, 17, 33).build();
        assertEquals(313, g.config().bins());
        g.eval();
        assertArrayEquals(new int[] {1, 2, 72, 56}, g.forward(Tensor.full(50f, 1, 1, 72, 56)).shape());
        assertArrayEquals(new int[] {1, 313, 18, 14}, g.logits(Tensor.full(50f, 1, 1, 72, 56)).shape());
        assertTrue(g.stateDict().keys().contains("model8.6.bias"));
        assertTrue(g.stateDict().keys().contains("model_out.weight"));
        assertFalse(g.stateDict().keys().contains("model_out.bias"));
        Eccv16 quarter = Eccv16.builder().widthMultiplier(0.25).build();
        assertArrayEquals(new int[] {16, 32, 64, 128}, quarter.config().widths());
        assertThrows(IllegalArgumentException.class, () -> g.forward(Tensor.zeros(1, 1, 60, 64)));
    }

    @Test
    void ebganReconstructsItsInputShape() {
        EbganDiscriminator d = EbganDiscriminator.builder().ndf(4).nLayers(3).build();
        Tensor x = Tensor.rand(new Rng(3), 2, 3, 16, 24);
        assertArrayEquals(x.shape(), d.forward(x).shape());
        assertArrayEquals(new int[] {2, 16, 2, 3}, d.encode(x).shape());
        assertThrows(IllegalArgumentException.class, () -> d.forward(Tensor.zeros(1, 3, 12, 16)));
    }
}
