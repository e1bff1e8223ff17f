package dev.colorize.core.reference;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PyTorch conformance of every core op over the case directory ({@code -Dcolorize.reference.dir}). */
class CoreReferenceTest {

    @TestFactory
    Stream<DynamicNode> pytorchReferenceCases() {
        return new ReferenceRunner(ReferenceRunner.CORE).registerAll(CoreHandlers.all()).tests();
    }

    @Test
    void everyCoreOpHasAHandler() {
        Map<String, CaseHandler> handlers = CoreHandlers.all();
        TreeSet<String> owned = ReferenceRunner.OWNERS.entrySet().stream()
                .filter(e -> e.getValue().equals(ReferenceRunner.CORE)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(owned, new TreeSet<>(handlers.keySet()));
        assertEquals(54, ReferenceRunner.OWNERS.size(), "the README lists 54 ops");
    }
}
