package io.safetywatcher.common.event;

import java.util.Optional;

/**
 * The short texts an operator's action carries besides its note, checked alike by the action
 * service (a 400) and the CLI (before anything is sent): a resolve's disposition category and
 * an assign's operator name. Each check says what is wrong, without the field's name, so each
 * caller names it as its user knows it ({@code category}, {@code --category}).
 */
public final class ActionFields {
    /** Longest disposition category kept: a label such as "animal", not a note. */
    public static final int MAX_CATEGORY = 100;
    /** Longest operator name an assign takes (as long as a claimed actor may be). */
    public static final int MAX_ASSIGNEE = 64;

    private ActionFields() {}

    /** Why {@code category} is not a usable disposition category, or empty when it is (null, no category, is fine). */
    public static Optional<String> categoryProblem(String category) {
        if (category == null) {
            return Optional.empty();
        }
        if (category.isBlank()) {
            return Optional.of("must say something (or leave it out)");
        }
        return lineProblem(category, MAX_CATEGORY, "a short label such as 'animal'");
    }

    /** Why {@code name} (stripped; "" unassigns) is not a name to assign an alert to, or empty when it is. */
    public static Optional<String> assigneeProblem(String name) {
        return lineProblem(name, MAX_ASSIGNEE, "an operator's name");
    }

    private static Optional<String> lineProblem(String s, int max, String what) {
        if (s.length() > max) {
            return Optional.of("is longer than " + max + " characters (" + what + ")");
        }
        if (s.codePoints().anyMatch(c -> Character.isISOControl(c) || !Character.isDefined(c))) {
            return Optional.of("must be printable text, without control characters or line breaks");
        }
        return Optional.empty();
    }
}
