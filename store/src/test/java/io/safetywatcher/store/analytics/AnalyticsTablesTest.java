package io.safetywatcher.store.analytics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalyticsTablesTest {
    @Test
    void aResultTableIsWrittenOnlyInItsDeclaredColumnOrder() {
        assertThat(AnalyticsTables.written("hotspots", AnalyticsTables.HOTSPOTS.columns())).isEqualTo(AnalyticsTables.HOTSPOTS);
        assertThatThrownBy(() -> AnalyticsTables.written("hotspots", List.of("rank", "period_end", "zone_id", "alerts_per_1000m2_day",
                "previous", "change_pct"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has the columns");
    }

    @Test
    void aTableTheJobDoesNotWriteIsRefusedByName() {
        assertThatThrownBy(() -> AnalyticsTables.written("alerts_by_id", List.of("alert_id")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an analytics result table");
    }

    @Test
    void everyStatementNamesTheKeyspaceItIsFor() {
        List<String> statements = new AnalyticsTables(null, "ks9").statements("ks9");
        assertThat(statements).isNotEmpty().allSatisfy(s -> assertThat(s).contains("ks9.").doesNotContain("{ks}"));
        assertThat(statements).contains("DELETE FROM ks9.hotspots WHERE period_end = ?");
    }
}
