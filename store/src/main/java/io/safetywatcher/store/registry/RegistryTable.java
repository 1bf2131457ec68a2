package io.safetywatcher.store.registry;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.safetywatcher.store.TableOwner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's tables ({@code zones}, {@code devices}, {@code devices_by_zone}; schema files
 * 002, 011, 015 and 018): the only place with their CQL and row mapping. Statements are prepared on first
 * use, so a read-only account never prepares a write it may not run. Writes are plain upserts of
 * the whole row: writing the same city twice changes nothing.
 */
public final class RegistryTable implements TableOwner {
    static final List<String> ZONE_COLUMNS = List.of("zone_id", "name", "kind", "area_m2", "opening_hours", "timezone", "importance",
            "capacity", "latitude", "longitude", "polygon", "updated_at");
    static final List<String> DEVICE_COLUMNS = List.of("device_id", "zone_id", "device_kind", "sensor_type", "view_area_m2", "width",
            "height", "fps", "sampling_period_ms", "unit", "mount_height_m", "horizon_share", "latitude", "longitude", "stream_url", "stream_kind", "stream_max_fps", "stream_credentials", "updated_at");

    /** The statements by name, as CQL text for a keyspace. */
    enum Cql {
        ZONES("SELECT " + String.join(", ", ZONE_COLUMNS) + " FROM %s.zones"),
        ZONE("SELECT " + String.join(", ", ZONE_COLUMNS) + " FROM %s.zones WHERE zone_id = ?"),
        DEVICES("SELECT " + String.join(", ", DEVICE_COLUMNS) + " FROM %s.devices"),
        DEVICE("SELECT " + String.join(", ", DEVICE_COLUMNS) + " FROM %s.devices WHERE device_id = ?"),
        DEVICES_BY_ID("SELECT " + String.join(", ", DEVICE_COLUMNS) + " FROM %s.devices WHERE device_id IN ?"),
        DEVICE_IDS_OF_ZONE("SELECT device_id FROM %s.devices_by_zone WHERE zone_id = ?"),
        WRITE_ZONE("INSERT INTO %s.zones (" + String.join(", ", ZONE_COLUMNS) + ") VALUES (" + marks(ZONE_COLUMNS.size()) + ")"),
        WRITE_DEVICE("INSERT INTO %s.devices (" + String.join(", ", DEVICE_COLUMNS) + ") VALUES (" + marks(DEVICE_COLUMNS.size()) + ")"),
        WRITE_DEVICE_OF_ZONE("INSERT INTO %s.devices_by_zone (zone_id, device_id, device_kind, sensor_type) VALUES (?, ?, ?, ?)"),
        FORGET_DEVICE_OF_ZONE("DELETE FROM %s.devices_by_zone WHERE zone_id = ? AND device_id = ?"),
        FORGET_DEVICE("DELETE FROM %s.devices WHERE device_id = ?"),
        FORGET_ZONE("DELETE FROM %s.zones WHERE zone_id = ?");

        private final String text;

        Cql(String text) { this.text = text; }

        String in(String keyspace) { return String.format(text, keyspace); }

        private static String marks(int n) { return String.join(", ", java.util.Collections.nCopies(n, "?")); }
    }

    private final CqlSession session;
    private final String keyspace;
    private final ConsistencyLevel writeConsistency;
    private final Map<Cql, PreparedStatement> prepared = new ConcurrentHashMap<>();

    /** @param writeConsistency null for the session's default */
    public RegistryTable(CqlSession session, String keyspace, ConsistencyLevel writeConsistency) {
        this.session = session;
        this.keyspace = keyspace;
        this.writeConsistency = writeConsistency;
    }

    public RegistryTable(CqlSession session, String keyspace) {
        this(session, keyspace, null);
    }

    /** The statements without a session, for the test that prepares every owner's statements. */
    public static List<String> statementsFor(String keyspace) {
        return Arrays.stream(Cql.values()).map(c -> c.in(keyspace)).toList();
    }

    @Override
    public List<String> statements(String keyspace) { return statementsFor(keyspace); }

    // ---- reads

    /** Every zone and device, stamped with the time it was read. */
    public Registry read() {
        return Registry.of(zones(), devices(), System.currentTimeMillis());
    }

    public List<Zone> zones() {
        List<Zone> out = new ArrayList<>();
        for (Row r : session.execute(bind(Cql.ZONES))) {
            out.add(zone(new RowColumns(r)));
        }
        return out;
    }

    public Optional<Zone> zone(String id) {
        Row r = session.execute(bind(Cql.ZONE, id)).one();
        return r == null ? Optional.empty() : Optional.of(zone(new RowColumns(r)));
    }

    public List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (Row r : session.execute(bind(Cql.DEVICES))) {
            out.add(device(new RowColumns(r)));
        }
        return out;
    }

    public Optional<Device> device(String id) {
        Row r = session.execute(bind(Cql.DEVICE, id)).one();
        return r == null ? Optional.empty() : Optional.of(device(new RowColumns(r)));
    }

    /** The devices watching a zone (through devices_by_zone, no scan), in id order. */
    public List<Device> devicesOf(String zoneId) {
        List<String> ids = new ArrayList<>();
        for (Row r : session.execute(bind(Cql.DEVICE_IDS_OF_ZONE, zoneId))) {
            ids.add(r.getString("device_id"));
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Device> out = new ArrayList<>();
        for (Row r : session.execute(bind(Cql.DEVICES_BY_ID, ids))) {
            out.add(device(new RowColumns(r)));
        }
        out.sort(java.util.Comparator.comparing(Device::id));
        return out;
    }

    // ---- writes

    public void write(Zone z) {
        session.execute(consistent(bind(Cql.WRITE_ZONE, values(z))));
    }

    /**
     * The device row and its devices_by_zone row in one logged batch, so the two never disagree;
     * a device moved to another zone leaves its old zone's list in the same batch.
     */
    public void write(Device d) {
        writeAll(List.of(d));
    }

    /** {@link #write(Device)} for many devices, a bounded number in flight at a time (a bench registers thousands). */
    public void writeAll(List<Device> devices) {
        // Prepared here, on the caller's thread: the batches are bound in driver callbacks, where a blocking prepare is refused.
        for (Cql c : List.of(Cql.DEVICE, Cql.WRITE_DEVICE, Cql.FORGET_DEVICE_OF_ZONE, Cql.WRITE_DEVICE_OF_ZONE)) {
            prepared(c);
        }
        for (int from = 0; from < devices.size(); from += IN_FLIGHT) {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (Device d : devices.subList(from, Math.min(devices.size(), from + IN_FLIGHT))) {
                pending.add(session.executeAsync(bind(Cql.DEVICE, d.id()))
                        .thenCompose(before -> session.executeAsync(consistent(deviceBatch(d, before.one()))))
                        .toCompletableFuture());
            }
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    private static final int IN_FLIGHT = 64;

    /** Removes a device and its zone's list entry in one logged batch. */
    public void remove(Device d) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED).addStatement(bind(Cql.FORGET_DEVICE, d.id()));
        if (d.zone() != null) {
            batch.addStatement(bind(Cql.FORGET_DEVICE_OF_ZONE, d.zone(), d.id()));
        }
        session.execute(consistent(batch.build()));
    }

    /** Removes a zone's row; the caller checks first that no device watches it ({@link #devicesOf}). */
    public void removeZone(String zoneId) {
        session.execute(consistent(bind(Cql.FORGET_ZONE, zoneId)));
    }

    private BatchStatement deviceBatch(Device d, Row before) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED).addStatement(bind(Cql.WRITE_DEVICE, values(d)));
        String oldZone = before == null ? null : before.getString("zone_id");
        if (oldZone != null && !oldZone.equals(d.zone())) {
            batch.addStatement(bind(Cql.FORGET_DEVICE_OF_ZONE, oldZone, d.id()));
        }
        if (d.zone() != null) {
            batch.addStatement(bind(Cql.WRITE_DEVICE_OF_ZONE, d.zone(), d.id(), d.kind(), d.sensorType()));
        }
        return batch.build();
    }

    // ---- row mapping (pure: tested without a server)

    /** A row's columns by name; null where the column is null. */
    interface Columns {
        String text(String column);

        Double decimal(String column);

        Integer integer(String column);

        Instant instant(String column);
    }

    static Zone zone(Columns c) {
        return new Zone(c.text("zone_id"), c.text("name"), c.text("kind"), c.decimal("area_m2"), c.text("opening_hours"), c.text("timezone"),
                c.integer("importance"), c.integer("capacity"), c.decimal("latitude"), c.decimal("longitude"), c.text("polygon"),
                c.instant("updated_at"));
    }

    static Device device(Columns c) {
        Double height = c.decimal("mount_height_m");
        Double horizon = c.decimal("horizon_share");
        // Both or nothing: half a mounting cannot place a person, so the camera falls back to the defaults.
        Device.Mounting mounting = height != null && horizon != null ? new Device.Mounting(height, horizon) : null;
        String url = c.text("stream_url");
        // Taken as written, even when unusable: the gateway says why it cannot read it, rather than the registry failing to load.
        Device.Stream stream = url == null ? null
                : new Device.Stream(url, c.text("stream_kind"), c.decimal("stream_max_fps"), c.text("stream_credentials"));
        return new Device(c.text("device_id"), c.text("zone_id"), c.text("device_kind"), c.text("sensor_type"), c.decimal("view_area_m2"),
                c.integer("width"), c.integer("height"), c.decimal("fps"), c.integer("sampling_period_ms"), c.text("unit"), mounting,
                c.decimal("latitude"), c.decimal("longitude"), stream, c.instant("updated_at"));
    }

    /** The zone's values in {@link #ZONE_COLUMNS} order. */
    static Object[] values(Zone z) {
        return new Object[]{z.id(), z.name(), z.kind(), z.areaM2(), z.openingHours(), z.timezone(), z.importance(), z.capacity(),
                z.latitude(), z.longitude(), z.polygon(), z.updatedAt()};
    }

    /** The device's values in {@link #DEVICE_COLUMNS} order. */
    static Object[] values(Device d) {
        Device.Mounting m = d.mounting();
        Device.Stream s = d.stream();
        return new Object[]{d.id(), d.zone(), d.kind(), d.sensorType(), d.viewAreaM2(), d.width(), d.height(), d.fps(),
                d.samplingPeriodMs(), d.unit(), m == null ? null : m.heightM(), m == null ? null : m.horizonShare(), d.latitude(),
                d.longitude(), s == null ? null : s.url(), s == null ? null : s.kind(), s == null ? null : s.maxFps(),
                s == null ? null : s.credentials(), d.updatedAt()};
    }

    /** Values by column name, for a mapping test to read back. */
    static Map<String, Object> byColumn(List<String> columns, Object[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            m.put(columns.get(i), values[i]);
        }
        return m;
    }

    private record RowColumns(Row row) implements Columns {
        public String text(String column) { return row.getString(column); }

        public Double decimal(String column) { return row.get(column, Double.class); }

        public Integer integer(String column) { return row.get(column, Integer.class); }

        public Instant instant(String column) { return row.getInstant(column); }
    }

    private BoundStatement bind(Cql cql, Object... values) {
        return prepared(cql).bind(values);
    }

    private PreparedStatement prepared(Cql cql) {
        return prepared.computeIfAbsent(cql, c -> session.prepare(c.in(keyspace)));
    }

    private <S extends Statement<S>> S consistent(S s) {
        return writeConsistency == null ? s : s.setConsistencyLevel(writeConsistency);
    }
}
