package io.safetywatcher.analytics.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.safetywatcher.alertjob.detect.ZoneDetection;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.registry.RegistryStore;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.analytics.risk.ClassWeights;
import io.safetywatcher.analytics.risk.Evaluation;
import io.safetywatcher.analytics.risk.ForestExport;
import io.safetywatcher.analytics.risk.HoldOut;
import io.safetywatcher.analytics.risk.MinuteReplay;
import io.safetywatcher.analytics.risk.RiskLabels;
import io.safetywatcher.analytics.risk.Scores;
import io.safetywatcher.analytics.risk.StoredInput;
import io.safetywatcher.analytics.risk.Verdict;
import io.safetywatcher.analytics.risk.ZoneMinute;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Disposition;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.risk.RiskClass;
import io.safetywatcher.common.risk.RiskFeatures;
import io.safetywatcher.common.risk.RiskForest;
import io.safetywatcher.common.risk.RiskModels;
import io.safetywatcher.store.actions.ActionTables;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.raw.RawTables;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.analytics.archive.ArchiveTable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * {@code train-risk}, Spark's part: reads the zones' sensor and camera history of a range, replays it
 * zone by zone through the alert job's detectors ({@link MinuteReplay}) into labelled
 * zone-minutes, trains MLlib's random forest on the older days, judges it and the rule score on
 * the newest, and publishes the model as the next version of {@link RiskModels}.
 */
public final class RiskTraining {
    private static final Logger LOG = LoggerFactory.getLogger(RiskTraining.class);

    /** 40 trees of depth 8: room for the interplay of seven features without memorising a few days of one city; not tuned on real history yet. */
    static final int TREES = 40;
    static final int DEPTH = 8;
    static final long SEED = 21L;

    static final StructType MINUTES = DataTypes.createStructType(List.of(
            DataTypes.createStructField("zone", DataTypes.StringType, false),
            DataTypes.createStructField("minute", DataTypes.TimestampType, false),
            DataTypes.createStructField("day", DataTypes.DateType, false),
            DataTypes.createStructField("density", DataTypes.DoubleType, false),
            DataTypes.createStructField("growth", DataTypes.DoubleType, false),
            DataTypes.createStructField("noise", DataTypes.DoubleType, false),
            DataTypes.createStructField("importance", DataTypes.IntegerType, false),
            DataTypes.createStructField("capacity", DataTypes.IntegerType, false),
            DataTypes.createStructField("hour", DataTypes.IntegerType, false),
            DataTypes.createStructField("day_of_week", DataTypes.IntegerType, false),
            DataTypes.createStructField("label", DataTypes.DoubleType, false)));

    /** What a training run did. */
    public record Result(int version, Path folder, Evaluation evaluation) {}

    /** Nothing to learn from: no labels, or no zone-minutes on one side of the split. The operator's input, so exit 2. */
    public static final class Refused extends RuntimeException implements io.safetywatcher.shell.UsageProblem {
        public Refused(String message) {
            super(message);
        }
    }

    private final SparkSession spark;
    private final String keyspace;
    private final RuleSet rules;
    private final RiskModels models;
    private final Clock clock;

    public RiskTraining(SparkSession spark, String keyspace, RuleSet rules, RiskModels models, Clock clock) {
        this.spark = spark;
        this.keyspace = keyspace;
        this.rules = rules;
        this.models = models;
        this.clock = clock;
    }

    /**
     * What the training reads from Cassandra before Spark starts: the registry, the detectors
     * set up as the alert job sets them up, and the labels. Refuses when nothing says what happened.
     */
    public record Inputs(Registry registry, ZoneDetection detection, RiskLabels labels) {}

    public static Inputs inputs(SparkConf conf, String keyspace, RuleSet rules, HoldOut split, List<io.safetywatcher.common.event.Incident> incidents,
                                List<String> truthFiles) {
        List<LocalDate> days = split.days();
        try (CqlSession session = CassandraConnector.apply(conf).openSession()) {
            Registry registry = new RegistryTable(session, keyspace).read();
            // The registry's facts and the usual noise per zone and hour, as the alert job loads them.
            ZoneDetection detection = new ZoneDetection(rules, new RegistryStore(() -> session, keyspace, Duration.ZERO).zoneFacts());
            RiskLabels labels = new RiskLabels(incidents, verdicts(session, keyspace, days));
            if (labels.isEmpty()) {
                throw new Refused("no labels: no crowd incident in the truth files " + (truthFiles.isEmpty() ? "(none read)" : truthFiles)
                        + " and no crowd-risk alert of " + days.get(0) + ".." + days.get(days.size() - 1)
                        + " resolved as a true or false alarm; give --truth FILE (a simulator truth file)");
            }
            LOG.info("labels: {} crowd incidents, {} operator verdicts", labels.crowdIncidents(), labels.verdicts());
            return new Inputs(registry, detection, labels);
        }
    }

    public Result train(HoldOut split, Inputs inputs, List<String> truthFiles) throws IOException {
        List<LocalDate> days = split.days();
        Registry registry = inputs.registry();
        ZoneDetection detection = inputs.detection();
        RiskLabels labels = inputs.labels();
        List<String> sensors = registry.devices().values().stream().filter(d -> !d.camera())
                .filter(d -> SensorType.CROWD_DENSITY.id().equals(d.sensorType()) || SensorType.SOUND_LEVEL.id().equals(d.sensorType()))
                .map(Device::id).sorted().toList();
        List<Device> cameras = registry.devices().values().stream().filter(Device::camera).sorted(java.util.Comparator.comparing(Device::id)).toList();
        if (sensors.isEmpty() && cameras.isEmpty()) {
            throw new Refused("the registry has no crowd-density or sound-level sensor and no camera: there is no history to learn from");
        }
        RawScan scan = new RawScan(spark, keyspace);
        // The inputs crowd risk hears: density and sound readings, and the frames the stream analysed.
        Dataset<Row> stored = null;
        if (!sensors.isEmpty()) {
            stored = scan.stored(RawTables.READINGS, ArchiveTable.RAW_READINGS, sensors, days, "sensor_id",
                            "sensor_id", "ts", "seq", "sensor_type", "zone_id", "value")
                    .select(col("sensor_id").as("device"), col("ts"), col("seq"), col("sensor_type").as("kind"), col("zone_id"),
                            col("value"), lit(0.0).as("motion"));
        }
        if (!cameras.isEmpty()) {
            Dataset<Row> frames = scan.stored(RawTables.FRAMES, ArchiveTable.RAW_FRAMES, cameras.stream().map(Device::id).toList(), days,
                            "camera_id", "camera_id", "ts", "seq", "zone_id", "people_count", "motion_energy")
                    .filter(col("people_count").isNotNull())
                    .select(col("camera_id").as("device"), col("ts"), col("seq"), lit(StoredInput.FRAME).as("kind"), col("zone_id"),
                            col("people_count").cast("double").as("value"), coalesce(col("motion_energy"), lit(0.0)).as("motion"));
            stored = stored == null ? frames : stored.unionByName(frames);
        }
        java.util.HashMap<String, Double> viewAreas = new java.util.HashMap<>();
        cameras.forEach(c -> viewAreas.put(c.id(), c.viewAreaOrZero()));
        // A zone's inputs in one partition in event-time order, streamed through the replay: no
        // zone's history is held in memory, unlike a groupByKey, which would sort a zone's whole range at once.
        Dataset<Row> minutes = stored.filter(col("zone_id").isNotNull())
                .repartition(col("zone_id")).sortWithinPartitions("zone_id", "ts", "seq", "device")
                .mapPartitions(replay(detection, labels, viewAreas), Encoders.row(MINUTES))
                .cache();
        try {
            return trainOn(minutes, split, labels, truthFiles);
        } finally {
            minutes.unpersist();
        }
    }

    private Result trainOn(Dataset<Row> minutes, HoldOut split, RiskLabels labels, List<String> truthFiles) throws IOException {
        Column held = col("day").isin(split.held().toArray());
        Map<RiskClass, Long> trainRows = new EnumMap<>(RiskClass.class);
        Map<RiskClass, Long> heldRows = new EnumMap<>(RiskClass.class);
        for (Row r : minutes.groupBy(held.as("held"), col("label")).count().collectAsList()) {
            (r.getBoolean(0) ? heldRows : trainRows).put(RiskClass.ofIndex((int) r.getDouble(1)), r.getLong(2));
        }
        long trainTotal = trainRows.values().stream().mapToLong(Long::longValue).sum();
        long heldTotal = heldRows.values().stream().mapToLong(Long::longValue).sum();
        LOG.info("zone-minutes: train {} {}, held out {} {}", trainTotal, trainRows, heldTotal, heldRows);
        if (trainTotal == 0 || heldTotal == 0) {
            throw new Refused("no zone-minute with a density input (a crowd-density reading or an analysed frame) on the " + (trainTotal == 0 ? "training days " + split.train()
                    : "held-out days " + split.held()) + ": nothing to " + (trainTotal == 0 ? "learn from" : "judge on"));
        }
        ClassWeights weights = new ClassWeights(trainRows);
        Column weight = lit(weights.of(RiskClass.NONE));
        for (RiskClass c : RiskClass.values()) {
            weight = when(col("label").equalTo((double) c.ordinal()), weights.of(c)).otherwise(weight);
        }
        VectorAssembler assembler = new VectorAssembler().setInputCols(RiskFeatures.NAMES.toArray(String[]::new)).setOutputCol("features");
        // Four classes whatever the training days hold, so the model's class indices are RiskClass's.
        org.apache.spark.sql.types.Metadata classes = NominalAttribute.defaultAttr().withName("label")
                .withValues(java.util.Arrays.stream(RiskClass.values()).map(RiskClass::id).toArray(String[]::new)).toMetadata();
        Dataset<Row> train = assembler.transform(minutes.filter(held.unary_$bang()))
                .withColumn("label", col("label").as("label", classes))
                .withColumn("weight", weight);
        RandomForestClassifier rf = new RandomForestClassifier().setLabelCol("label").setFeaturesCol("features").setWeightCol("weight")
                .setNumTrees(TREES).setMaxDepth(DEPTH).setSeed(SEED);
        long t0 = System.nanoTime();
        RandomForestClassificationModel model = rf.fit(train);
        LOG.info("forest of {} trees trained in {} s", model.getNumTrees(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));

        int version = models.next();
        RiskForest forest = ForestExport.of(model, version);
        List<RiskClass> truth = new ArrayList<>();
        List<RiskClass> learned = new ArrayList<>();
        List<RiskClass> rule = new ArrayList<>();
        long agree = 0;
        Dataset<Row> judged = model.transform(assembler.transform(minutes.filter(held)));
        for (Row r : judged.select(col("density"), col("growth"), col("noise"), col("importance"), col("capacity"), col("hour"),
                col("day_of_week"), col("label"), col("prediction")).collectAsList()) {
            RiskFeatures f = new RiskFeatures(r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getInt(3), r.getInt(4), r.getInt(5), r.getInt(6));
            RiskClass p = forest.predict(f);
            truth.add(RiskClass.ofIndex((int) r.getDouble(7)));
            learned.add(p);
            rule.add(rules.risk().classOf(f, rules.density().dangerous(), rules.surge().growthPerMinute()));
            if (p.ordinal() == (int) r.getDouble(8)) {
                agree++;
            }
        }
        if (agree != truth.size()) {
            LOG.warn("the exported forest predicts otherwise than MLlib on {} of {} held-out rows", truth.size() - agree, truth.size());
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("algorithm", "spark.ml RandomForestClassifier");
        parameters.put("trees", TREES);
        parameters.put("max_depth", DEPTH);
        parameters.put("seed", SEED);
        parameters.put("class_weights", weights.all());
        parameters.put("rules_version", rules.version());
        Evaluation evaluation = new Evaluation(version, clock.instant(), split, trainRows, heldRows, Scores.of(truth, learned),
                Scores.of(truth, rule), model.featureImportances().toArray(), agree, parameters, truthFiles, labels.crowdIncidents(),
                labels.verdicts());
        Path folder = publish(version, forest, model, evaluation);
        return new Result(version, folder, evaluation);
    }

    /** Writes the version into its staging folder, then renames it into place: the alert job never sees half a model. */
    private Path publish(int version, RiskForest forest, RandomForestClassificationModel model, Evaluation evaluation) throws IOException {
        Path staging = models.staging(version);
        Files.createDirectories(staging);
        forest.write(staging.resolve(RiskForest.FILE));
        model.write().overwrite().save(staging.resolve("mllib").toAbsolutePath().toUri().toString());
        io.safetywatcher.common.codec.Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValue(staging.resolve(Evaluation.FILE).toFile(), evaluation.toJson());
        Path target = models.version(version);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** The partition's inputs (readings and analysed frames), sorted by zone and time, as labelled zone-minutes. */
    static MapPartitionsFunction<Row, Row> replay(ZoneDetection detection, RiskLabels labels, java.util.HashMap<String, Double> viewAreas) {
        return rows -> {
            Iterator<ZoneInput> inputs = new Iterator<>() {
                @Override
                public boolean hasNext() { return rows.hasNext(); }

                @Override
                public ZoneInput next() {
                    Row r = rows.next();
                    // The job reads times as java.time (spark.sql.datetime.java8API).
                    return StoredInput.of(r.getString(0), r.getString(4), r.<Instant>getAs(1), r.getLong(2), r.getString(3), r.getDouble(5),
                            r.getDouble(6), viewAreas);
                }
            };
            List<Row> out = new ArrayList<>();
            for (ZoneMinute m : new MinuteReplay(detection).replay(inputs)) {
                RiskFeatures f = m.features();
                out.add(RowFactory.create(m.zone(), m.minute(), m.day(), f.density(), f.growth(), f.noise(),
                        f.importance(), f.capacity(), f.hour(), f.dayOfWeek(), (double) labels.of(m.zone(), m.minute()).ordinal()));
            }
            return out.iterator();
        };
    }

    /** Operators' verdicts on the crowd-risk alerts that started on these days: resolved as a true or a false alarm. */
    static List<Verdict> verdicts(CqlSession session, String keyspace, List<LocalDate> days) {
        AlertTables alerts = new AlertTables(session, keyspace);
        ActionTables actions = new ActionTables(session, keyspace);
        List<Verdict> out = new ArrayList<>();
        for (LocalDate day : days) {
            Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            for (AlertTables.Listed a : alerts.startedOn(day, from, from.plus(Duration.ofDays(1)))) {
                if (!AlertType.CROWD_RISK.id().equals(a.type()) || a.zone() == null) {
                    continue;
                }
                Optional<AlertTables.Full> full = alerts.stored(a.id()).map(f -> f.with(actions.actions(a.id())));
                Disposition d = full.map(AlertTables.Full::disposition).orElse(null);
                Optional<Severity> severity = Severity.fromId(a.severity());
                if (d == null || d == Disposition.TEST || severity.isEmpty()) {
                    continue;
                }
                AlertTables.Full f = full.get();
                // Still open, or ended without a recorded end: its last update is as far as anyone saw it.
                Instant end = f.endedAt() != null ? f.endedAt() : f.updatedAt() != null ? f.updatedAt() : a.startedAt().plus(Duration.ofMinutes(1));
                out.add(new Verdict(a.zone(), a.startedAt(), end.isBefore(a.startedAt()) ? a.startedAt() : end, RiskClass.of(severity.get()),
                        d == Disposition.TRUE_ALARM));
            }
        }
        return out;
    }
}
