package io.safetywatcher.common.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" for a mistyped name: the closest known one, if it is close enough. */
public final class Suggestion {
    /** Edits beyond this are a different word, not a typo. */
    private static final int MAX_EDITS = 3;

    private Suggestion() {}

    public static Optional<String> closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(k, typed);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= MAX_EDITS ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance, two rows at a time. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
