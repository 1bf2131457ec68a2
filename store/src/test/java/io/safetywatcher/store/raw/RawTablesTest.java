package io.safetywatcher.store.raw;

import io.safetywatcher.store.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole row is bound only for the raw tables' own shapes, with a value per column. */
class RawTablesTest {
    // Nothing is prepared before the checks pass, so no session is needed to see them refuse.
    private final RawTables raw = new RawTables(null, "ks");

    @Test
    void aShapeOfAnotherTableIsRefused() {
        assertThatThrownBy(() -> raw.row(Shape.of("alerts_by_id", "alert_id"), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alerts_by_id is not a raw table's row")
                .hasMessageContaining(RawTables.READINGS);
    }

    @Test
    void tooFewValuesAreRefused() {
        assertThatThrownBy(() -> raw.row(RawTables.DAY_CHANGE_ROW, List.of("2026-12-05")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(RawTables.DAY_CHANGES + ": 1 values for 3 columns");
    }
}
