package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.detect.FrameFault;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.ingest.DetectInput;
import io.safetywatcher.alertjob.ingest.Ingest;
import io.safetywatcher.alertjob.ingest.InputLimits;
import io.safetywatcher.alertjob.ingest.Ingested;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.vision.CameraModels;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.codec.TimeBounds;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.common.config.WatcherConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;


/**
 * The topology, as the data flows. Two queries read the same topics:
 * <pre>
 *   readings, observations, frames ─► decode + validate + enrich ─► raw tables | quarantine + dead letters   ("ingest")
 *   readings, observations, frames ─► decode + enrich (+ frame features) ─► by zone ─► late? | detectors + lifecycle (state) ─► alerts  ("detect")
 * </pre>
 * Each has its own checkpoint; both write only idempotently or transactionally.
 */
public final class AlertJob {
    private final JobSettings settings;
    private final RuleSet rules;
    /** One sink, and so one transactional producer, across restarts of the queries. */
    private AlertSink sink;

    public AlertJob(JobSettings settings, RuleSet rules) {
        this.settings = settings;
        this.rules = rules;
    }

    /** The queries, by name, in the order {@link #start} starts them. */
    public static final List<String> QUERIES = List.of("ingest", "detect");

    /** The Spark queries of this run ({@link JobSettings#queries}), started. */
    public List<StreamingQuery> start(SparkSession spark) throws Exception {
        List<StreamingQuery> started = new java.util.ArrayList<>();
        for (String name : settings.queries()) {
            started.add(start(spark, name));
        }
        return started;
    }

    /**
     * One query, from its checkpoint: the supervisor restarts only the query that failed, so a
     * failure to store raw rows does not hold up alerts, nor the other way round.
     */
    public StreamingQuery start(SparkSession spark, String query) throws Exception {
        WatcherConfig c = settings.config();
        Topics topics = Topics.of(c);
        CassandraEndpoint cassandra = cassandra();
        KafkaAccess kafka = KafkaAccess.of(c);
        Ingest ingest = new Ingest(topics, new TimeBounds(c.getDuration("validation.max-future"), c.getDuration("validation.max-age")),
                InputLimits.of(c));
        // Each query's jobs in a fair-scheduler pool of its own (a thread-local the query inherits).
        spark.sparkContext().setLocalProperty("spark.scheduler.pool", query);
        try {
            return switch (query) {
                case "ingest" -> inputs(spark, topics, "ingest")
                        .writeStream().queryName("ingest")
                        .option("checkpointLocation", settings.checkpoint().resolve("ingest").toString())
                        .trigger(trigger())
                        .foreachBatch(new IngestBatch(ingest, cassandra, c.get("kafka.bootstrap"), kafka, topics))
                        .start();
                case "detect" -> startDetect(spark, c, topics, cassandra, kafka, ingest);
                default -> throw new IllegalArgumentException("no query named " + query + "; the job's queries are " + QUERIES);
            };
        } finally {
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", null);
        }
    }

    /** Detection without Spark (job.detect=direct): run it on a thread of its own beside the ingest query. */
    public io.safetywatcher.alertjob.direct.DirectDetect direct() {
        return new io.safetywatcher.alertjob.direct.DirectDetect(settings, rules, cassandra());
    }

    public CassandraEndpoint cassandra() {
        WatcherConfig c = settings.config();
        return new CassandraEndpoint(c.get("cassandra.host"), c.getPort("cassandra.port"),
                c.get("cassandra.datacenter"), c.get("cassandra.keyspace"), settings.registryRefresh().toMillis(),
                c.get("cassandra.consistency.read"), c.get("cassandra.consistency.write"), CassandraAccess.of(c));
    }

    private StreamingQuery startDetect(SparkSession spark, WatcherConfig c, Topics topics, CassandraEndpoint cassandra, KafkaAccess kafka,
                                       Ingest ingest) throws Exception {
        if (sink == null) {
            // Batch ids restart with a new checkpoint, so the checkpoint names what was published.
            sink = new AlertSink(cassandra, c.get("kafka.bootstrap"), kafka, topics, "detect@" + settings.checkpoint(), CapSettings.of(c));
        }
        createCommitTopic(c.get("kafka.bootstrap"), kafka, sink.commitTopic());
        cassandra.readCopiesAfresh(); // local mode: the executors' copies are this JVM's
        // Frames too: each camera's features are extracted where its Kafka partition is read.
        Dataset<Row> zoneInputs = inputs(spark, topics, "detect")
                .mapPartitions(toZoneInputs(ingest, cassandra, VisionSettings.of(c), topics.frames()), Encoders.row(ZONE_INPUT));
        Dataset<ZoneEvent> zoneEvents = zoneInputs
                .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroupsWithState(new ZoneStep(rules, cassandra, !settings.availableNow(), c.getDuration("validation.max-clock-skew"),
                                new io.safetywatcher.alertjob.risk.RiskModelFolder(java.nio.file.Path.of(c.get("models.dir")))), OutputMode.Append(),
                        Encoders.javaSerialization(ZoneClock.class), Encoders.javaSerialization(ZoneEvent.class),
                        settings.availableNow() ? GroupStateTimeout.NoTimeout() : GroupStateTimeout.ProcessingTimeTimeout());
        return zoneEvents.writeStream().queryName("detect")
                .option("checkpointLocation", settings.checkpoint().resolve("detect").toString())
                .trigger(trigger())
                .foreachBatch(sink)
                .start();
    }

    /**
     * The three topics, in bounded batches: readings and observations capped by records, frames
     * (a source of their own) by bytes. A query whose checkpoint was written with one source for
     * all three keeps it (Spark cannot change a query's sources), with the frames' cap on all.
     */
    private Dataset<Row> inputs(SparkSession spark, Topics topics, String query) {
        BatchCaps caps = settings.caps();
        if (CheckpointSources.count(settings.checkpoint().resolve(query)) == 1) {
            return source(spark, topics.readings() + "," + topics.observations() + "," + topics.frames(), caps.shared());
        }
        return source(spark, topics.readings() + "," + topics.observations(), caps.records())
                .union(source(spark, topics.frames(), caps.frames()));
    }

    private Dataset<Row> source(SparkSession spark, String topicList, java.util.OptionalLong maxOffsetsPerTrigger) {
        DataStreamReader r = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", settings.config().get("kafka.bootstrap"))
                .options(KafkaAccess.of(settings.config()).sparkOptions())
                .option("subscribe", topicList)
                .option("includeHeaders", "true")
                .option("kafka.isolation.level", "read_committed")
                .option("startingOffsets", settings.startingOffsets());
        long apiTimeout = settings.config().getDuration("job.kafka.api-timeout", java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(10)).toMillis();
        r = r.option("kafka.default.api.timeout.ms", Long.toString(apiTimeout))
                .option("kafka.request.timeout.ms", Long.toString(Math.min(30_000, apiTimeout / 2)));
        if (maxOffsetsPerTrigger.isPresent()) {
            r = r.option("maxOffsetsPerTrigger", maxOffsetsPerTrigger.getAsLong());
        }
        return r.load();
    }

    private Trigger trigger() {
        return settings.availableNow() ? Trigger.AvailableNow() : Trigger.ProcessingTime(settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    static final StructType ZONE_INPUT = DataTypes.createStructType(List.of(
            DataTypes.createStructField("zone", DataTypes.StringType, false),
            DataTypes.createStructField("event_time", DataTypes.TimestampType, false),
            DataTypes.createStructField("src_topic", DataTypes.StringType, false),
            DataTypes.createStructField("src_partition", DataTypes.IntegerType, false),
            DataTypes.createStructField("src_offset", DataTypes.LongType, false),
            DataTypes.createStructField("payload", DataTypes.BinaryType, false),
            // A reading's or an observation's Kafka value, for its quarantine row if it is set aside;
            // null for a frame: its JPEG (40-50 KB) is not shuffled, the sink reads it back by the coordinates.
            DataTypes.createStructField("value", DataTypes.BinaryType, true),
            DataTypes.createStructField("kafka_time", DataTypes.TimestampType, false),
            // A frame's FrameFeatures (serialized): its boxes for evidence and its row of frames_by_camera_day.
            DataTypes.createStructField("features", DataTypes.BinaryType, true),
            // A frame the extractor refused: its DeadLetter (serialized, without the JPEG, which the sink
            // reads back); the payload is then its FrameFault.
            DataTypes.createStructField("dead_letter", DataTypes.BinaryType, true)));

    /**
     * Valid, registered readings and observations as zone inputs, and frames as their camera's
     * features (once its model is warm) or, when the extractor refuses the pixels, as dead
     * letters with their {@link FrameFault}; what fails validation is the ingest query's to
     * quarantine, and a camera's frame failing it for its pixels comes through as a FrameFault alone.
     */
    private static MapPartitionsFunction<Row, Row> toZoneInputs(Ingest ingest, CassandraEndpoint cassandra, VisionSettings vision,
                                                                String framesTopic) {
        // One row at a time, as Spark pulls them: a partition's inputs are never all held at once.
        return rows -> new Iterator<>() {
            final DetectDecode decode = new DetectDecode(ingest, cassandra, vision);
            Row next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    SourceRecord source = Rows.source(rows.next());
                    DetectInput.Item item = decode.apply(source);
                    next = item == null ? null : zoneRow(item.input(), source, item.features(), item.refused(), framesTopic);
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Row r = next;
                next = null;
                return r;
            }
        };
    }

    /**
     * One row of {@link #ZONE_INPUT}: a record of the frames topic goes without its bytes, in the
     * value and in its dead letter alike (the row is shuffled, and a frame is 40-50 KB).
     */
    static Row zoneRow(ZoneInput z, SourceRecord s, FrameFeatures features, DeadLetter deadLetter, String framesTopic) {
        boolean frame = framesTopic.equals(s.topic());
        DeadLetter d = deadLetter == null || !frame ? deadLetter : new DeadLetter(deadLetter.sourceTopic(), deadLetter.sourcePartition(),
                deadLetter.sourceOffset(), deadLetter.key(), deadLetter.reason(), deadLetter.detail(), new byte[0], 0, deadLetter.quarantinedAt());
        return RowFactory.create(z.zone(), z.time(), s.topic(), s.partition(), s.offset(), serialize(z), frame ? null : s.value(),
                s.timestamp(), features == null ? null : serialize(features), d == null ? null : serialize(d));
    }

    static byte[] serialize(Object o) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compacted, one partition: it only ever needs each query's latest batch id. */
    private static void createCommitTopic(String bootstrap, KafkaAccess kafka, String topic) throws Exception {
        Properties p = kafka.applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact"))))
                            .all().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
