package io.safetywatcher.cli.eval;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScorerComparisonTest {
    static Scorecard card(TypeScore... types) {
        TypeScore total = new TypeScore("total", 0, 0, 0, 0, 0, List.of(), 0, 0, 0);
        return new Scorecard(Instant.EPOCH, Instant.EPOCH.plusSeconds(3600), 1, 0, 4, 4, List.of(types), total, List.of(), List.of(), List.of());
    }

    @Test
    void theCrowdTypesSideBySideRuleFirst() {
        Scorecard rule = card(new TypeScore("crowd-risk", 3, 1, 1, 0, 0, List.of(40.0, 60.0, 80.0), 0, 0, 3),
                new TypeScore("gunshot", 2, 0, 0, 0, 0, List.of(1.0, 1.0), 0, 0, 2));
        Scorecard learned = card(new TypeScore("crowd-risk", 4, 0, 0, 0, 0, List.of(20.0, 20.0, 30.0, 30.0), 0, 0, 4));
        String table = ScorecardFormat.scorerComparison(rule, learned, "table");
        assertThat(table).contains("crowd risk by scorer").doesNotContain("gunshot");
        List<String> rows = table.lines().filter(l -> l.contains("crowd-risk")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("rule").contains("   3    1    1").contains("0.75");
        assertThat(rows.get(1)).startsWith("learned").contains("   4    0    0").contains("1.00");
        String json = ScorecardFormat.scorerComparison(rule, learned, "json");
        assertThat(json).contains("\"rule\"").contains("\"learned\"").contains("\"crowd-risk\"").doesNotContain("gunshot");
    }
}
