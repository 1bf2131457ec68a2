package io.safetywatcher.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CqlTest {
    @SuppressWarnings("unused")
    static final class Owner {
        private static final Cql ONE = new Cql("SELECT a FROM {ks}.t WHERE k = ?");
        static final Shape ROW = Shape.of("t", "k", "a", "b");
        private final Cql notStatic = new Cql("SELECT b FROM {ks}.t");
        static final String NAME = "t";
    }

    @Test
    void listsEveryStaticStatementAndShapeOfAnOwnerForTheKeyspace() {
        assertThat(Cql.declaredIn(Owner.class, "ks1")).containsExactlyInAnyOrder(
                "SELECT a FROM ks1.t WHERE k = ?", "INSERT INTO ks1.t (k, a, b) VALUES (?, ?, ?)");
    }

    @Test
    void aStatementThatDoesNotNameItsKeyspaceIsRefused() {
        assertThatThrownBy(() -> new Cql("SELECT a FROM t")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{ks}.table");
    }

    @Test
    void aShapeInsertsOneWholeRowInItsColumnOrder() {
        assertThat(Shape.of("hotspots", "period_end", "rank").insert().in("w"))
                .isEqualTo("INSERT INTO w.hotspots (period_end, rank) VALUES (?, ?)");
        assertThat(new Shape("t", List.of("a")).columns()).containsExactly("a");
    }
}
