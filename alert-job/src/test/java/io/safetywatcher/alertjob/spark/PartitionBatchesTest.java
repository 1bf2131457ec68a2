package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows of one table and partition go together, in first-seen order, within a window and a batch size. */
class PartitionBatchesTest {
    private static final String READINGS = "INSERT INTO ks.readings (sensor_id, ts) VALUES (?, ?)";
    private static final String FRAMES = "INSERT INTO ks.frames (camera_id, ts) VALUES (?, ?)";

    @Test
    void rowsOfOnePartitionGoAsUnloggedBatchesOfAtMostMaxRows() {
        List<String> out = shapes(new PartitionBatches(List.of(row(READINGS, "a", 1), row(READINGS, "b", 1), row(READINGS, "a", 2),
                row(READINGS, "a", 3)).iterator(), 10, 2));
        assertThat(out).containsExactly("UNLOGGED[a1, a2]", "a3", "b1");
    }

    @Test
    void theSameKeyInAnotherTableIsAnotherPartition() {
        assertThat(shapes(new PartitionBatches(List.of(row(READINGS, "a", 1), row(FRAMES, "a", 1), row(READINGS, "a", 2)).iterator(), 10, 32)))
                .containsExactly("UNLOGGED[a1, a2]", "a1");
    }

    @Test
    void aStatementWithoutARoutingKeyGoesAlone() {
        BatchableStatement<?> unrouted = SimpleStatement.newInstance(READINGS, "x", 1);
        assertThat(shapes(new PartitionBatches(List.of(unrouted, SimpleStatement.newInstance(READINGS, "x", 2)).iterator(), 10, 32)))
                .containsExactly("x1", "x2");
    }

    @Test
    void groupingReachesNoFurtherThanTheWindow() {
        List<BatchableStatement<?>> in = List.of(row(READINGS, "a", 1), row(READINGS, "b", 1), row(READINGS, "a", 2), row(READINGS, "b", 2),
                row(READINGS, "a", 3));
        assertThat(shapes(new PartitionBatches(in.iterator(), 2, 32))).containsExactly("a1", "b1", "a2", "b2", "a3");
        assertThat(shapes(new PartitionBatches(in.iterator(), 4, 32))).containsExactly("UNLOGGED[a1, a2]", "UNLOGGED[b1, b2]", "a3");
    }

    @Test
    void nothingInNothingOutAndWrongSizesAreRefused() {
        assertThat(new PartitionBatches(List.<BatchableStatement<?>>of().iterator(), 4, 4).hasNext()).isFalse();
        assertThatThrownBy(() -> new PartitionBatches(List.<BatchableStatement<?>>of().iterator(), 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }

    private static BatchableStatement<?> row(String query, String key, int ts) {
        return SimpleStatement.newInstance(query, key, ts).setRoutingKey(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> shapes(PartitionBatches batches) {
        List<String> out = new ArrayList<>();
        batches.forEachRemaining(s -> out.add(shape(s)));
        return out;
    }

    private static String shape(Statement<?> s) {
        if (s instanceof BatchStatement b) {
            BatchType type = b.getBatchType();
            List<String> rows = StreamSupport.stream(b.spliterator(), false).map(PartitionBatchesTest::shape).toList();
            return (type == DefaultBatchType.UNLOGGED ? "UNLOGGED" : type.toString()) + rows;
        }
        SimpleStatement q = (SimpleStatement) s;
        return q.getPositionalValues().get(0) + "" + q.getPositionalValues().get(1);
    }
}
