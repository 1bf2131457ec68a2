package io.safetywatcher.analytics.archive;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveLayoutTest {
    static final LocalDate DAY = LocalDate.parse("2026-03-01");

    @Test
    void aDayOfATableHasOneFolderPerLayerTableAndDay() {
        assertThat(ArchiveTable.RAW_READINGS.dayPath("file:/a", DAY)).isEqualTo("file:/a/raw/readings/day=2026-03-01");
        assertThat(ArchiveTable.CLEAN_ALERTS.dayPath("hdfs://n/a", DAY)).isEqualTo("hdfs://n/a/clean/alerts/day=2026-03-01");
        assertThat(ArchiveTable.ZONE_HOUR_STATS.path("file:/a")).isEqualTo("file:/a/aggregated/zone_hour_stats");
        UUID run = UUID.fromString("00000000-0000-0000-0000-000000000001");
        assertThat(ArchiveTable.RAW_FRAMES.stagingPath("file:/a", run, DAY))
                .isEqualTo("file:/a/_staging/00000000-0000-0000-0000-000000000001-2026-03-01/raw/frames")
                .startsWith(ArchiveTable.staging("file:/a", run, DAY));
        assertThat(ArchiveTable.RAW_FRAMES.replacedPath("file:/a", run, DAY)).startsWith(ArchiveTable.replaced("file:/a", run, DAY));
    }

    @Test
    void everyLayerHasTablesAndNamesAreUniqueWithinALayer() {
        for (ArchiveTable.Layer l : ArchiveTable.Layer.values()) {
            List<String> names = ArchiveTable.ALL.stream().filter(t -> t.layer() == l).map(ArchiveTable::name).toList();
            assertThat(names).as(l.folder()).isNotEmpty().doesNotHaveDuplicates();
        }
        assertThat(ArchiveTable.RAW_QUARANTINE.byZone()).as("quarantined input has no zone").isFalse();
    }

    @Test
    void countsThatDifferAreNamedAndEqualOnesPass() {
        assertThat(RowCounts.mismatches(Map.of("raw/readings", 120L, "clean/readings", 118L), Map.of("raw/readings", 120L, "clean/readings", 118L)))
                .isEmpty();
        assertThat(RowCounts.mismatches(Map.of("raw/readings", 120L, "raw/frames", 3L), Map.of("raw/readings", 119L, "raw/alerts", 2L)))
                .containsExactly("raw/alerts: Cassandra 0, archive 2", "raw/frames: Cassandra 3, archive 0", "raw/readings: Cassandra 120, archive 119");
    }
}
