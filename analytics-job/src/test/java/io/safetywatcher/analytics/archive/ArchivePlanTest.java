package io.safetywatcher.analytics.archive;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ArchivePlanTest {
    static final LocalDate D1 = LocalDate.parse("2026-03-01");
    static final LocalDate D2 = D1.plusDays(1);
    static final LocalDate D3 = D1.plusDays(2);
    static final List<LocalDate> DAYS = List.of(D1, D2, D3);
    /** D3 ended 30 minutes ago. */
    static final Instant NOW = Instant.parse("2026-03-04T00:30:00Z");
    static final Duration MARGIN = Duration.ofMinutes(2);

    static Instant at(LocalDate d, int hour) { return d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(hour * 3600L); }

    @Test
    void aDayIsReadFromTheArchiveOnceCassandraHoldsNoneOfItsRawDataOrItIsOld() {
        ArchivePlan.Sources s = ArchivePlan.sources(DAYS, Set.of(D1, D2), Set.of(D2, D3), Set.of(D1, D2, D3), NOW, Duration.ofDays(80));
        assertThat(s.rawFromArchive(DAYS)).containsExactly(D1);
        assertThat(s.rawFromCassandra(DAYS)).containsExactly(D2, D3);
        assertThat(s.alertsFromArchive(DAYS)).isEmpty();

        // Three days old with read-after 2d: D1 and D2 are old enough (D2 began 2d 0h30m ago); D3 is not archived.
        ArchivePlan.Sources old = ArchivePlan.sources(DAYS, Set.of(D1, D2), Set.of(D1, D2, D3), Set.of(D1, D2, D3), NOW, Duration.ofDays(2));
        assertThat(old.rawFromArchive(DAYS)).containsExactly(D1, D2);
    }

    @Test
    void alertsComeFromTheArchiveOnlyWhenCassandraHoldsNoneOfTheDay() {
        ArchivePlan.Sources s = ArchivePlan.sources(DAYS, Set.of(D1, D2), Set.of(D1, D2, D3), Set.of(D2), NOW, Duration.ofDays(80));
        assertThat(s.alertsFromArchive(DAYS)).containsExactly(D1);
        assertThat(s.alertsFromCassandra(DAYS)).containsExactly(D2, D3);
        assertThat(s.rawFromArchive(DAYS)).isEmpty();
    }

    @Test
    void aDayNotArchivedIsNeverReadFromTheArchive() {
        ArchivePlan.Sources s = ArchivePlan.sources(DAYS, Set.of(), Set.of(), Set.of(), NOW, Duration.ofDays(1));
        assertThat(s).isEqualTo(ArchivePlan.Sources.CASSANDRA_ONLY);
    }

    @Test
    void finishedDaysNeverArchivedOrChangedSinceAreArchived() {
        Map<LocalDate, Instant> lastChange = Map.of(D1, at(D1, 23), D2, at(D3, 5), D3, at(D3, 23));
        Map<LocalDate, Instant> archivedAt = Map.of(D1, at(D2, 1), D2, at(D3, 1));
        List<LocalDate> plan = ArchivePlan.daysToArchive(DAYS, NOW, Duration.ofHours(1), archivedAt, lastChange, Set.of(),
                ArchivePlan.Sources.CASSANDRA_ONLY, false, MARGIN);
        // D1 archived after its last change; D2 changed after it was archived; D3 ended 30 min ago, settle is 1 h.
        assertThat(plan).containsExactly(D2);
        assertThat(ArchivePlan.daysToArchive(DAYS, NOW, Duration.ofMinutes(30), archivedAt, lastChange, Set.of(),
                ArchivePlan.Sources.CASSANDRA_ONLY, false, MARGIN)).containsExactly(D2, D3);
    }

    @Test
    void aChangeJustBeforeTheArchivingStartedCountsWithinTheMargin() {
        Map<LocalDate, Instant> lastChange = Map.of(D1, at(D2, 1).minusSeconds(60));
        Map<LocalDate, Instant> archivedAt = Map.of(D1, at(D2, 1));
        assertThat(ArchivePlan.daysToArchive(List.of(D1), NOW, Duration.ZERO, archivedAt, lastChange, Set.of(),
                ArchivePlan.Sources.CASSANDRA_ONLY, false, MARGIN)).containsExactly(D1);
        assertThat(ArchivePlan.daysToArchive(List.of(D1), NOW, Duration.ZERO, archivedAt, lastChange, Set.of(),
                ArchivePlan.Sources.CASSANDRA_ONLY, false, Duration.ZERO)).isEmpty();
    }

    @Test
    void fullArchivesAgainButNeverOverADayOnlyTheArchiveStillHolds() {
        Map<LocalDate, Instant> lastChange = Map.of(D2, at(D2, 23), D3, at(D3, 23));
        Map<LocalDate, Instant> archivedAt = Map.of(D1, at(D2, 1), D2, at(D3, 1), D3, at(D3, 1));
        ArchivePlan.Sources sources = ArchivePlan.sources(DAYS, archivedAt.keySet(), lastChange.keySet(), Set.of(D1, D2, D3), NOW, Duration.ofDays(80));
        assertThat(ArchivePlan.daysToArchive(DAYS, NOW, Duration.ZERO, archivedAt, lastChange, Set.of(D1, D2, D3), sources, true, MARGIN))
                .containsExactly(D2, D3);
    }

    @Test
    void aDayCassandraHoldsNothingOfIsNotArchived() {
        assertThat(ArchivePlan.daysToArchive(DAYS, NOW, Duration.ZERO, Map.of(), Map.of(D2, at(D2, 3)), Set.of(D3),
                ArchivePlan.Sources.CASSANDRA_ONLY, false, MARGIN)).containsExactly(D2, D3);
    }
}
