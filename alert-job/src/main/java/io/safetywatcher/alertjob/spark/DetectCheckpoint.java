package io.safetywatcher.alertjob.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider;
import org.apache.spark.sql.execution.streaming.state.ReadStateStore;
import org.apache.spark.sql.execution.streaming.state.StateStoreConf;
import org.apache.spark.sql.execution.streaming.state.StateStoreId;
import org.apache.spark.sql.execution.streaming.state.UnsafeRowPair;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the Spark detect query left in its checkpoint at its last committed batch: every zone's
 * {@link ZoneClock} from the {@code flatMapGroupsWithState} store, and the Kafka offsets the
 * batch read up to. Direct detection starts from it the first time it runs on a checkpoint the
 * detect query wrote, so switching engines keeps the zones' state and reads nothing twice.
 * Spark 3.5 has no reader for its state store (the state data source came with Spark 4), so the
 * store is opened through its provider, as the query itself does on restart.
 */
public record DetectCheckpoint(long batchId, Map<String, ZoneClock> zones, Map<TopicPartition, Long> offsets, boolean batchInFlight) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HDFS_PROVIDER = HDFSBackedStateStoreProvider.class.getName();

    /** The detect query's checkpoint in {@code queryCheckpoint} ({@code <checkpoint>/detect}), if it committed a batch. */
    public static Optional<DetectCheckpoint> read(Path queryCheckpoint) {
        OptionalLong committed = CheckpointSources.newestEntry(queryCheckpoint.resolve("commits"));
        if (committed.isEmpty()) {
            return Optional.empty();
        }
        long batch = committed.getAsLong();
        OptionalLong planned = CheckpointSources.newestEntry(queryCheckpoint.resolve("offsets"));
        try {
            List<String> lines = Files.readAllLines(queryCheckpoint.resolve("offsets").resolve(Long.toString(batch)));
            if (lines.size() < 3 || !lines.get(0).startsWith("v")) {
                throw new IllegalStateException("not an offset log entry Spark writes: " + queryCheckpoint.resolve("offsets").resolve(Long.toString(batch)));
            }
            JsonNode conf = JSON.readTree(lines.get(1)).path("conf");
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (String source : lines.subList(2, lines.size())) {
                if (source.isBlank() || source.equals("-")) {
                    continue;
                }
                JSON.readTree(source).fields().forEachRemaining(topic -> topic.getValue().fields().forEachRemaining(p ->
                        offsets.put(new TopicPartition(topic.getKey(), Integer.parseInt(p.getKey())), p.getValue().asLong())));
            }
            return Optional.of(new DetectCheckpoint(batch, zones(queryCheckpoint.resolve("state"), batch + 1, conf), offsets,
                    planned.isPresent() && planned.getAsLong() > batch));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the detect query's checkpoint " + queryCheckpoint, e);
        }
    }

    /** Every key of operator 0 (the zone step) at store version {@code version}, across its partitions. */
    private static Map<String, ZoneClock> zones(Path state, long version, JsonNode conf) throws IOException {
        String provider = conf.path("spark.sql.streaming.stateStore.providerClass").asText(HDFS_PROVIDER);
        if (!provider.equals(HDFS_PROVIDER)) {
            throw new IllegalStateException("the detect query's state is kept by " + provider + "; only " + HDFS_PROVIDER + " can be read");
        }
        int format = conf.path("spark.sql.streaming.flatMapGroupsWithState.stateFormatVersion").asInt(2);
        SQLConf sql = new SQLConf();
        sql.setConfString("spark.sql.streaming.stateStore.compression.codec",
                conf.path("spark.sql.streaming.stateStore.compression.codec").asText("lz4"));
        // As the query opens it: the values are not checked against a schema (the state encoder's, nested, fails Spark's check).
        scala.collection.immutable.Map<String, String> options = scala.collection.immutable.Map$.MODULE$.<String, String>empty()
                .updated("formatValidationCheckValue", "false");
        StateStoreConf storeConf = new StateStoreConf(sql, options);
        // The key is the zone; the value is the state encoder's one binary column, nested in version 2 beside the timeout.
        StructType key = new StructType().add("value", DataTypes.StringType);
        StructType encoded = new StructType().add("value", DataTypes.BinaryType);
        StructType value = format == 2 ? new StructType().add("groupState", encoded).add("timeoutTimestamp", DataTypes.LongType)
                : encoded.add("timeoutTimestamp", DataTypes.LongType);
        Map<String, ZoneClock> out = new TreeMap<>();
        Path operator = state.resolve("0");
        if (!Files.isDirectory(operator)) {
            return out;
        }
        List<Path> partitions;
        try (Stream<Path> s = Files.list(operator)) {
            partitions = s.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
        }
        for (Path partition : partitions) {
            HDFSBackedStateStoreProvider p = new HDFSBackedStateStoreProvider();
            p.init(new StateStoreId(state.toUri().toString(), 0, Integer.parseInt(partition.getFileName().toString()), "default"),
                    key, value, 0, storeConf, new Configuration());
            try {
                ReadStateStore store = p.getReadStore(version);
                scala.collection.Iterator<UnsafeRowPair> rows = store.iterator();
                while (rows.hasNext()) {
                    UnsafeRowPair pair = rows.next();
                    UnsafeRow v = pair.value();
                    byte[] bytes = format == 2 ? v.getStruct(0, 1).getBinary(0) : v.getBinary(0);
                    out.put(pair.key().getUTF8String(0).toString(), clock(bytes));
                }
                store.abort();
            } finally {
                p.close();
            }
        }
        return out;
    }

    private static ZoneClock clock(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (ZoneClock) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a zone's state in the detect query's checkpoint cannot be read: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "batch " + batchId + ": " + zones.size() + " zones, " + offsets.size() + " partitions' offsets";
    }
}
