package dev.colorize.opencl;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.reference.CaseHandler;
import dev.colorize.core.reference.CoreHandlers;
import dev.colorize.core.reference.ReferenceRunner;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PyTorch reference suite of colorize-core, run with the OpenCL backend as
 * {@link Backends#current()}: every case's tensors are created on the device, and forward and
 * backward run through this module's kernels.
 */
class OpenClReferenceTest {

    @TestFactory
    Stream<DynamicNode> pytorchReferenceCasesOnTheDevice() {
        OpenClBackend cl = ClTestSupport.backend();
        Map<String, CaseHandler> onDevice = new LinkedHashMap<>();
        AtomicInteger cases = new AtomicInteger();
        AtomicInteger casesWithKernels = new AtomicInteger();
        CoreHandlers.all().forEach((op, handler) -> onDevice.put(op, c -> {
            Backend previous = Backends.current();
            Backends.setCurrent(cl);
            long before = cl.cl().launches.get();
            try {
                handler.run(c);
            } finally {
                Backends.setCurrent(previous);
            }
            cases.incrementAndGet();
            if (cl.cl().launches.get() > before) {
                casesWithKernels.incrementAndGet();
            }
        }));
        Stream<DynamicNode> suite = new ReferenceRunner(ReferenceRunner.CORE).reportDelegated(false).registerAll(onDevice).tests();
        // Runs after the suite: nearly every case must have launched device kernels (pure views may not).
        DynamicNode check = DynamicTest.dynamicTest("cases ran OpenCL kernels", () -> {
            System.out.println("reference cases on " + cl.device().name() + ": " + cases.get() + " passed, "
                    + casesWithKernels.get() + " launched kernels");
            assertTrue(cases.get() > 0 && casesWithKernels.get() >= cases.get() * 9 / 10,
                    casesWithKernels.get() + " of " + cases.get() + " cases launched kernels");
        });
        return Stream.concat(suite, Stream.of(check));
    }
}
