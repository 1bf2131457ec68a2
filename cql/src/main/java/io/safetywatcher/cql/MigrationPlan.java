package io.safetywatcher.cql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What to apply, given the shipped scripts and the recorded history: no I/O, so it is unit-tested. */
final class MigrationPlan {

    /** One row of {@code schema_migrations}. */
    record Recorded(int version, String name, String checksum, Instant appliedAt, String appliedBy) {}

    private MigrationPlan() {}

    /**
     * The scripts not yet recorded, in order.
     *
     * @throws MigrationException if any recorded script's file has changed since; nothing is
     *     to be applied then, because a later file may depend on what the edit meant
     */
    static List<MigrationScript> pending(List<MigrationScript> scripts, Map<Integer, Recorded> history) {
        List<String> edited = new ArrayList<>();
        List<MigrationScript> pending = new ArrayList<>();
        for (MigrationScript script : scripts) {
            Recorded recorded = history.get(script.version());
            if (recorded == null) {
                pending.add(script);
            } else if (!recorded.checksum().equals(script.checksum())) {
                edited.add("migration " + script.name() + " was edited after it was applied (recorded checksum "
                        + shortHash(recorded.checksum()) + ", file now " + shortHash(script.checksum()) + ")");
            }
        }
        if (!edited.isEmpty()) {
            throw new MigrationException(String.join("; ", edited)
                    + "; add a new numbered file instead of editing an applied one. Nothing was applied.");
        }
        return List.copyOf(pending);
    }

    /** Every shipped and every recorded migration, by version. */
    static List<MigrationStatus> status(List<MigrationScript> scripts, Map<Integer, Recorded> history) {
        List<MigrationStatus> out = new ArrayList<>();
        Set<Integer> shipped = new HashSet<>();
        for (MigrationScript script : scripts) {
            shipped.add(script.version());
            Recorded r = history.get(script.version());
            if (r == null) {
                out.add(new MigrationStatus(script.version(), script.name(), MigrationStatus.State.PENDING,
                        script.checksum(), null, null, null));
            } else {
                MigrationStatus.State state = r.checksum().equals(script.checksum())
                        ? MigrationStatus.State.APPLIED : MigrationStatus.State.EDITED;
                out.add(new MigrationStatus(script.version(), script.name(), state,
                        script.checksum(), r.checksum(), r.appliedAt(), r.appliedBy()));
            }
        }
        history.values().stream()
                .filter(r -> !shipped.contains(r.version()))
                .forEach(r -> out.add(new MigrationStatus(r.version(), r.name(), MigrationStatus.State.UNKNOWN,
                        null, r.checksum(), r.appliedAt(), r.appliedBy())));
        out.sort(Comparator.comparingInt(MigrationStatus::version));
        return List.copyOf(out);
    }

    /** Enough of a SHA-256 to tell two apart in a message. */
    static String shortHash(String checksum) {
        return checksum.length() <= 12 ? checksum : checksum.substring(0, 12) + "…";
    }
}
