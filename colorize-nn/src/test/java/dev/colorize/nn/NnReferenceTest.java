package dev.colorize.nn;

import dev.colorize.core.reference.CaseHandler;
import dev.colorize.core.reference.ReferenceCase;
import dev.colorize.core.reference.ReferenceRunner;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.Clipping;
import dev.colorize.nn.optim.Optimizer;
import dev.colorize.nn.optim.RMSprop;
import dev.colorize.nn.optim.SGD;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PyTorch conformance of the ops colorize-nn owns (the {@code optim} group: adam, rmsprop, sgd,
 * weight_clip) through core's reference runner; every hyper-parameter comes from the case metadata.
 */
class NnReferenceTest {

    static Map<String, CaseHandler> handlers() {
        Map<String, CaseHandler> h = new LinkedHashMap<>();
        h.put("adam", c -> {
            if (c.bool("amsgrad")) {
                throw new AssertionError(c.name() + ": amsgrad is not supported");
            }
            List<Object> betas = c.list("betas");
            runSteps(c, ps -> Adam.builder(ps).lr(c.number("lr"))
                    .betas(((Number) betas.get(0)).doubleValue(), ((Number) betas.get(1)).doubleValue())
                    .eps(c.number("eps")).weightDecay(c.number("weight_decay")).build());
        });
        h.put("rmsprop", c -> runSteps(c, ps -> RMSprop.builder(ps).lr(c.number("lr")).alpha(c.number("alpha"))
                .eps(c.number("eps")).weightDecay(c.number("weight_decay")).momentum(c.number("momentum"))
                .centered(c.bool("centered")).build()));
        h.put("sgd", c -> runSteps(c, ps -> SGD.builder(ps).lr(c.number("lr")).momentum(c.number("momentum"))
                .dampening(c.number("dampening")).weightDecay(c.number("weight_decay")).nesterov(c.bool("nesterov")).build()));
        h.put("weight_clip", c -> {
            Tensor w = c.input("input");
            Clipping.clampWeights(List.of(w), c.floatParam("min"), c.floatParam("max"));
            c.expect("output", w);
        });
        return h;
    }

    /** param, then for each step k: grad := step<k>.grad, step(), compare step<k>.param; then state.<name>. */
    private static void runSteps(ReferenceCase c, Function<List<Tensor>, Optimizer> make) {
        Tensor p = c.entry("param").toTensor().requiresGrad(true);
        Optimizer opt = make.apply(List.of(p));
        int steps = c.intParam("steps");
        for (int k = 1; k <= steps; k++) {
            p.setGrad(c.entry("step" + k + ".grad").toTensor());
            opt.step();
            c.expect("step" + k + ".param", p);
        }
        StateDict state = opt.stateDict();
        for (String name : c.names()) {
            if (name.startsWith("state.")) {
                Tensor mine = state.get("state.0." + name.substring("state.".length()));
                if (mine == null) {
                    throw new AssertionError(c.name() + ": optimizer has no state '" + name + "' (has " + state.keys() + ")");
                }
                c.expect(name, mine);
            }
        }
    }

    @TestFactory
    Stream<DynamicNode> pytorchReferenceCases() {
        return new ReferenceRunner(ReferenceRunner.NN).registerAll(handlers()).reportDelegated(false).tests();
    }

    @Test
    void everyNnOpHasAHandler() {
        TreeSet<String> owned = ReferenceRunner.OWNERS.entrySet().stream()
                .filter(e -> e.getValue().equals(ReferenceRunner.NN)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(owned, new TreeSet<>(handlers().keySet()));
    }
}
