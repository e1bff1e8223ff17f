package dev.colorize.gan;

import dev.colorize.core.reference.ReferenceRunner;
import dev.colorize.gan.color.ColorReferenceTest;
import dev.colorize.gan.models.ModelReferenceTest;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every reference case through core's runner with this module's handlers: the colour ops and whole
 * models run here; core's and nn's ops are reported as delegated; an unknown op fails.
 */
class GanReferenceTest {

    private static ReferenceRunner runner() {
        return new ReferenceRunner(ReferenceRunner.GAN)
                .registerAll(ColorReferenceTest.handlers())
                .register("model", ModelReferenceTest::run);
    }

    @TestFactory
    Stream<DynamicNode> allCases() {
        return runner().tests();
    }

    @Test
    void everyGanOwnedOpHasAHandler() {
        long owned = ReferenceRunner.OWNERS.values().stream().filter(ReferenceRunner.GAN::equals).count();
        assertEquals(3, owned, "gan owns model, rgb2lab and lab2rgb");
    }
}
