package dev.colorize.gan.models;

import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.StateDict;
import dev.colorize.nn.StateDictException;

import java.util.Arrays;
import java.util.Map;

/** Parsing of model-file config values and strict weight loading for the factories. */
final class Configs {
    private Configs() {
    }

    static int intValue(Map<String, String> config, String key, int fallback, String arch) {
        String v = config.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arch + ": config '" + key + "' = '" + v + "' is not an integer");
        }
    }

    static float floatValue(Map<String, String> config, String key, float fallback, String arch) {
        String v = config.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arch + ": config '" + key + "' = '" + v + "' is not a number");
        }
    }

    /** The recommended chroma gain ({@code saturation}, default 1): a finite number >= 0. */
    static float saturation(Map<String, String> config, String arch) {
        float s = floatValue(config, "saturation", 1f, arch);
        if (!(s >= 0f) || Float.isInfinite(s)) {
            throw new IllegalArgumentException(arch + ": config saturation must be a finite number >= 0, got " + s);
        }
        return s;
    }

    static boolean boolValue(Map<String, String> config, String key, boolean fallback, String arch) {
        String v = config.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(arch + ": config '" + key + "' = '" + v + "' is not true/false");
        };
    }

    static int[] intList(Map<String, String> config, String key, int[] fallback, String arch) {
        String v = config.get(key);
        if (v == null) {
            return fallback.clone();
        }
        try {
            return Arrays.stream(v.replace("[", "").replace("]", "").split(",")).map(String::trim)
                    .mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arch + ": config '" + key + "' = '" + v + "' is not a list of integers");
        }
    }

    /** Strict load; problems become an IllegalArgumentException naming every bad key. */
    static void load(Module m, Map<String, Tensor> weights, String arch) {
        try {
            m.loadStateDict(StateDict.of(weights), true);
        } catch (StateDictException e) {
            throw new IllegalArgumentException(arch + ": weights do not match the config: " + e.getMessage(), e);
        }
    }
}
