package dev.colorize.gan.models;

import dev.colorize.core.io.SafeTensorFile;
import dev.colorize.core.io.SafeTensors;
import dev.colorize.core.reference.ReferenceCase;
import dev.colorize.core.reference.ReferenceRunner;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.StateDict;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The handler of reference op {@code model} (unet_256, patchgan, eccv16), run by
 * {@link dev.colorize.gan.GanReferenceTest} over the case directory ({@code -Dcolorize.reference.dir}).
 * Every architecture parameter comes from the case metadata and every shape from the tensors, so the
 * variant set (other widths and sizes) runs unchanged.
 */
public final class ModelReferenceTest {
    private ModelReferenceTest() {
    }


    /** The handler of op "model". */
    public static void run(ReferenceCase c) throws IOException {
        Module model = build(c);
        StateDict params = params(c);
        model.loadStateDict(params, true);
        String mode = c.string("mode");
        model.train(mode.equals("train"));
        Tensor input = c.input("input");
        Tensor output = model.forward(input);
        if (c.has("output")) {
            c.expect("output", output);
            if (mode.equals("eval")) {
                // Without grad an eval U-Net takes its fused inference path (UnetInference): same reference.
                try (dev.colorize.core.autograd.GradMode.Scope s = dev.colorize.core.autograd.GradMode.noGrad()) {
                    expectNoGrad(c, model.forward(input));
                }
            }
        }
        if (mode.equals("train") && c.has("output")) {
            int n = 0;
            for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
                c.expect("state_after." + e.getKey(), e.getValue());
                n++;
            }
            assertTrue(n > 0, c.name() + ": a train-mode case should check BatchNorm buffers");
        }
        if (c.has("grad_output")) {
            Map<String, Tensor> wrt = new LinkedHashMap<>();
            model.namedParameters().forEach((k, t) -> wrt.put("param." + k, t));
            c.expectGradients(output, wrt);
        }
    }

    /** The no-grad forward against the case's output, with the case's tolerances. */
    private static void expectNoGrad(ReferenceCase c, Tensor actual) {
        float[] want = c.entry("output").floats();
        float[] got = actual.toArray();
        assertTrue(want.length == got.length, c.name() + ": no-grad output has " + got.length + " values, expected "
                + want.length);
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= c.atol() + c.rtol() * Math.abs(want[i]))) {
                fail(c.name() + ": no-grad (fused) output element " + i + " is " + got[i] + ", expected " + want[i]);
            }
        }
    }

    /** The architecture described by the case metadata (never a hard-coded size). */
    static Module build(ReferenceCase c) {
        String model = c.string("model");
        return switch (model) {
            case "unet_256" -> UNet.builder().inChannels(c.intParam("input_nc")).outChannels(c.intParam("output_nc"))
                    .numDowns(c.intParam("num_downs")).ngf(c.intParam("ngf")).norm(Norm.parse(c.string("norm")))
                    .dropout(c.bool("use_dropout")).build();
            case "patchgan" -> PatchGAN.builder().inChannels(c.intParam("input_nc")).ndf(c.intParam("ndf"))
                    .nLayers(c.intParam("n_layers")).norm(Norm.parse(c.string("norm"))).build();
            case "eccv16" -> {
                checkEccvConventions(c);
                int[] w = c.ints("widths");
                yield Eccv16.builder().widths(w[0], w[1], w[2], w[3]).bins(c.intParam("bins")).build();
            }
            default -> throw new AssertionError(c.name() + ": unknown model '" + model + "'");
        };
    }

    /** Our ECCV16 hard-codes the official normalisation and upsampling: check the case agrees. */
    private static void checkEccvConventions(ReferenceCase c) {
        if (c.number("l_cent") != 50 || c.number("l_norm") != 100 || c.number("ab_norm") != 110) {
            fail(c.name() + ": unexpected ECCV16 normalisation " + c.params());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> up = (Map<String, Object>) c.param("upsample");
        if (!"bilinear".equals(up.get("mode")) || ((Number) up.get("scale_factor")).intValue() != 4
                || !Boolean.FALSE.equals(up.get("align_corners"))) {
            fail(c.name() + ": unexpected ECCV16 upsampling " + up);
        }
    }

    /** Every {@code param.*} of the case, or of its {@code params_file}. */
    private static StateDict params(ReferenceCase c) throws IOException {
        StateDict sd = new StateDict();
        if (c.hasParam("params_file")) {
            SafeTensorFile other = SafeTensors.read(c.sibling(c.string("params_file")));
            other.tensors().forEach((k, e) -> {
                if (k.startsWith("param.")) {
                    put(sd, k.substring(6), e);
                }
            });
        } else {
            for (String k : new ArrayList<>(c.names())) {
                if (k.startsWith("param.")) {
                    put(sd, k.substring(6), c.entry(k));
                }
            }
        }
        if (sd.keys().isEmpty()) {
            fail(c.name() + ": no param.* tensors");
        }
        return sd;
    }

    private static void put(StateDict sd, String key, dev.colorize.core.io.TensorEntry e) {
        try {
            sd.put(key, e.toTensor(), e.dtype() == dev.colorize.core.io.DType.I64);
        } catch (RuntimeException ex) {
            throw new UncheckedIOException(new IOException("cannot read " + key, ex));
        }
    }
}
