package dev.colorize.gan.objectives;

import dev.colorize.core.io.SafeTensors;
import dev.colorize.core.reference.ReferenceCase;
import dev.colorize.core.reference.ReferenceRunner;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.LeakyReLU;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The WGAN-GP objective's gradient penalty against the {@code second_order/wgan_gp*} reference cases:
 * the critic of the case as a Module (its layer list from the metadata), every intermediate result
 * and the gradients of the penalty with respect to the critic's weights and to real and fake.
 */
class WganGpReferenceTest {

    @TestFactory
    Stream<DynamicTest> wganGpCases() throws IOException {
        Path dir = ReferenceRunner.defaultDir();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : ReferenceRunner.caseFiles(dir)) {
            String json = SafeTensors.readMetadata(f).get("case");
            if (json != null && json.replace(" ", "").contains("\"op\":\"wgan_gp\"")) {
                String name = dir.relativize(f).toString().replace(".safetensors", "");
                tests.add(DynamicTest.dynamicTest(name, f.toUri(), () -> ReferenceRunner.runCase(f, name, WganGpReferenceTest::run)));
            }
        }
        assertFalse(tests.isEmpty(), "no wgan_gp case under " + dir.toAbsolutePath());
        return tests.stream();
    }

    static void run(ReferenceCase c) {
        assertEquals(1.0, c.number("lambda"), "the case stores the penalty without lambda");
        Sequential critic = new Sequential();
        Map<String, Tensor> params = new LinkedHashMap<>();
        int conv = 0;
        for (Object o : c.list("critic")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> layer = (Map<String, Object>) o;
            switch ((String) layer.get("layer")) {
                case "conv2d" -> {
                    conv++;
                    int[] k = ints(layer.get("kernel"));
                    int[] s = ints(layer.get("stride"));
                    int[] p = ints(layer.get("padding"));
                    boolean bias = Boolean.TRUE.equals(layer.get("bias"));
                    Conv2d m = Conv2d.builder(((Number) layer.get("in")).intValue(), ((Number) layer.get("out")).intValue(), k[0])
                            .kernel(k[0], k[1]).stride(s[0], s[1]).padding(p[0], p[1]).bias(bias).build();
                    m.weight().copyFrom(c.input("weight" + conv));
                    params.put("weight" + conv, m.weight());
                    if (bias) {
                        m.bias().copyFrom(c.input("bias" + conv));
                        params.put("bias" + conv, m.bias());
                    }
                    critic.add(m);
                }
                case "leaky_relu" -> critic.add(new LeakyReLU(((Number) layer.get("negative_slope")).floatValue()));
                case "mean" -> assertEquals(List.of(1, 2, 3), ((List<?>) layer.get("dim")).stream()
                        .map(v -> ((Number) v).intValue()).toList(), "the objective averages each sample's scores");
                default -> throw new AssertionError(c.name() + ": unknown critic layer " + layer);
            }
        }
        Tensor real = c.input("real");
        Tensor fake = c.input("fake");
        params.put("real", real);
        params.put("fake", fake);
        WganGpObjective.Penalty p = WganGpObjective.gradientPenalty(critic, real, fake, c.input("eps"));
        c.expect("x_hat", p.xHat());
        c.expect("critic_output", p.criticOutput());
        c.expect("critic_grad", p.criticGrad());
        c.expect("grad_norm", p.gradNorm());
        c.expect("output", p.penalty());
        c.expectGradients(p.penalty(), params);
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }
}
