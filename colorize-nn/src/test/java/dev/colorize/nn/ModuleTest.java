package dev.colorize.nn;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.ConcatSkip;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.Dropout;
import dev.colorize.nn.layers.LeakyReLU;
import dev.colorize.nn.layers.ReLU;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {

    /** A two-level model shaped like pix2pix's: keys model.0.weight, model.2.model.1.running_var, ... */
    static final class Net extends Module {
        final Sequential model;

        Net(long seed) {
            Rng rng = new Rng(seed);
            model = registerModule("model", new Sequential(
                    Conv2d.builder(2, 3, 3).padding(1).build(rng),
                    new LeakyReLU(0.2f),
                    new ConcatSkip(new Sequential(new ReLU(), new BatchNorm2d(3), new Dropout(0.5f, new Rng(1)))),
                    Conv2d.builder(6, 1, 1).bias(false).build(rng)));
        }

        @Override
        public Tensor forward(Tensor x) {
            return model.forward(x);
        }
    }

    @Test
    void stateDictUsesPyTorchKeysInOrder() {
        StateDict sd = new Net(1).stateDict();
        assertEquals(List.of("model.0.weight", "model.0.bias",
                "model.2.model.1.weight", "model.2.model.1.bias", "model.2.model.1.running_mean",
                "model.2.model.1.running_var", "model.2.model.1.num_batches_tracked", "model.3.weight"),
                List.copyOf(sd.keys()));
        assertTrue(sd.isInteger("model.2.model.1.num_batches_tracked"));
        assertFalse(sd.isInteger("model.2.model.1.running_var"));
        assertArrayEquals(new int[0], sd.get("model.2.model.1.num_batches_tracked").shape());
        assertArrayEquals(new int[] {3, 2, 3, 3}, sd.get("model.0.weight").shape());
    }

    @Test
    void parametersAndModes() {
        Net net = new Net(1);
        assertEquals(5, net.parameters().size());
        assertEquals(3 * 2 * 9 + 3 + 3 + 3 + 6, net.parameterCount());
        assertEquals(3, net.namedBuffers().size());
        for (Tensor p : net.parameters()) {
            assertTrue(p.requiresGrad() && p.isLeaf());
        }
        net.eval();
        for (Module m : net.namedModules().values()) {
            assertFalse(m.isTraining(), m.name());
        }
        net.train();
        assertTrue(net.model.get(2).namedChildren().get("model").children().get(1).isTraining());
    }

    @Test
    void roundTripIsBitExactAndInPlace() {
        Net a = new Net(1);
        a.forward(Tensor.randn(new Rng(3), 2, 2, 4, 4)); // moves BN running stats, num_batches_tracked = 1
        Net b = new Net(2);
        Tensor bWeight = b.model.get(0).namedParameters().get("weight");
        assertFalse(a.stateDict().bitEquals(b.stateDict()));
        LoadResult r = b.loadStateDict(a.stateDict().copy(), true);
        assertTrue(r.isClean());
        assertTrue(a.stateDict().bitEquals(b.stateDict()));
        assertSame(bWeight, b.model.get(0).namedParameters().get("weight"), "load must write in place");
        assertEquals(1f, b.stateDict().get("model.2.model.1.num_batches_tracked").item());
        a.eval();
        b.eval();
        Tensor x = Tensor.randn(new Rng(4), 1, 2, 4, 4);
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
    }

    @Test
    void strictLoadReportsEveryProblemAndChangesNothing() {
        Net a = new Net(1);
        StateDict sd = a.stateDict().copy();
        sd.remove("model.0.bias");
        sd.remove("model.2.model.1.running_mean");
        sd.put("model.9.weight", Tensor.zeros(1));
        sd.put("model.3.weight", Tensor.zeros(1, 5, 1, 1));
        Net b = new Net(2);
        StateDict before = b.stateDict().copy();
        StateDictException e = assertThrows(StateDictException.class, () -> b.loadStateDict(sd, true));
        assertEquals(List.of("model.0.bias", "model.2.model.1.running_mean"), e.result().missingKeys());
        assertEquals(List.of("model.9.weight"), e.result().unexpectedKeys());
        assertEquals(1, e.result().shapeMismatches().size());
        assertTrue(e.getMessage().contains("model.3.weight: module has [1, 6, 1, 1], source has [1, 5, 1, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("model.9.weight") && e.getMessage().contains("model.0.bias"), e.getMessage());
        assertTrue(before.bitEquals(b.stateDict()), "a failed strict load must not modify the module");

        LoadResult r = b.loadStateDict(sd, false);
        assertEquals(e.result(), r);
        assertArrayEquals(a.stateDict().get("model.0.weight").toArray(), b.stateDict().get("model.0.weight").toArray());
        assertArrayEquals(before.get("model.3.weight").toArray(), b.stateDict().get("model.3.weight").toArray());
    }

    @Test
    void registrationRejectsBadNames() {
        class Bad extends Module {
            Bad() {
                registerParameter("w", Tensor.zeros(1));
                registerBuffer("w", Tensor.zeros(1));
            }
        }
        assertThrows(IllegalArgumentException.class, Bad::new);
        class Dotted extends Module {
            Dotted() {
                registerParameter("a.b", Tensor.zeros(1));
            }
        }
        assertThrows(IllegalArgumentException.class, Dotted::new);
        assertThrows(UnsupportedOperationException.class, () -> new Module() { }.forward(Tensor.zeros(1)));
    }
}
