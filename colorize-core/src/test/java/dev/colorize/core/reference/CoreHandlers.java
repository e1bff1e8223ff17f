package dev.colorize.core.reference;

import java.util.HashMap;
import java.util.Map;

/** The handlers for every op that colorize-core owns ({@link ReferenceRunner#OWNERS}). */
public final class CoreHandlers {
    private CoreHandlers() {
    }

    public static Map<String, CaseHandler> all() {
        Map<String, CaseHandler> m = new HashMap<>();
        TensorOpHandlers.register(m);
        NetworkOpHandlers.register(m);
        SecondOrderHandlers.register(m);
        return m;
    }
}
