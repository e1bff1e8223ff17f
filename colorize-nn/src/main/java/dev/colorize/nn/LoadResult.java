package dev.colorize.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict} found: keys the module expects but the source lacks, keys the
 * source has but the module does not, and keys present in both with different shapes.
 */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys, List<ShapeMismatch> shapeMismatches) {

    /** A key whose tensor in the source has another shape than the module's. */
    public record ShapeMismatch(String key, int[] expected, int[] found) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeMismatch m && key.equals(m.key)
                    && java.util.Arrays.equals(expected, m.expected) && java.util.Arrays.equals(found, m.found);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + java.util.Arrays.hashCode(expected) * 7 + java.util.Arrays.hashCode(found);
        }

        @Override
        public String toString() {
            return key + ": module has " + java.util.Arrays.toString(expected) + ", source has "
                    + java.util.Arrays.toString(found);
        }
    }

    public LoadResult {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
        shapeMismatches = List.copyOf(shapeMismatches);
    }

    /** True when every key matched with the right shape. */
    public boolean isClean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && shapeMismatches.isEmpty();
    }

    /** A multi-line description of every problem (empty when clean). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!missingKeys.isEmpty()) {
            sb.append("\n  missing keys (").append(missingKeys.size()).append("): ").append(missingKeys);
        }
        if (!unexpectedKeys.isEmpty()) {
            sb.append("\n  unexpected keys (").append(unexpectedKeys.size()).append("): ").append(unexpectedKeys);
        }
        if (!shapeMismatches.isEmpty()) {
            sb.append("\n  shape mismatches (").append(shapeMismatches.size()).append("):");
            for (ShapeMismatch m : shapeMismatches) {
                sb.append("\n    ").append(m);
            }
        }
        return sb.toString();
    }
}
