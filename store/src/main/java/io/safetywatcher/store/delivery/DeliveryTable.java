package io.safetywatcher.store.delivery;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.store.TableOwner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The notify program's delivery log, {@code notify_deliveries} (012_notify_deliveries.cql): every
 * attempt to deliver an alert event to a receiver, and the question a restart asks of it: was this
 * event already acknowledged by (or dead-lettered for) this receiver?
 */
public final class DeliveryTable implements TableOwner {
    /** How an attempt ended. {@link #ACKED} and {@link #DEAD} are final: the event is not sent to that receiver again. */
    public enum Outcome {
        ACKED, RETRY, DEAD, LOGGED;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

        /** Whether the receiver is done with the event (acknowledged, printed, or given up on). */
        public boolean isFinal() { return this != RETRY; }

        static Outcome of(String id) { return valueOf(id.toUpperCase(java.util.Locale.ROOT)); }
    }

    /** One alert event within one attempt. */
    public record EventRef(String alertId, String eventKey) {}

    /** One attempt to deliver one notification (one or more events) to one receiver. */
    public record Attempt(String receiver, UUID notificationId, int attempt, Instant at, Integer statusCode, String error,
                          Outcome outcome, List<EventRef> events) {
        public Attempt {
            events = List.copyOf(events);
        }
    }

    /** A row as read back, oldest first within an alert. */
    public record Delivery(String receiver, String alertId, String eventKey, UUID notificationId, int attempt, Instant at,
                       Integer statusCode, String error, Outcome outcome) {}

    private static final String INSERT = "INSERT INTO %s.notify_deliveries (receiver, alert_id, event_key, notification_id, attempt, "
            + "attempted_at, status_code, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String OUTCOMES = "SELECT outcome FROM %s.notify_deliveries WHERE receiver = ? AND alert_id = ? AND event_key = ?";
    private static final String HISTORY = "SELECT receiver, alert_id, event_key, notification_id, attempt, attempted_at, status_code, error, "
            + "outcome FROM %s.notify_deliveries WHERE receiver = ? AND alert_id = ?";

    private final CqlSession session;
    private final ConsistencyLevel write;
    private final ConsistencyLevel read;
    private final PreparedStatement insert;
    private final PreparedStatement outcomes;
    private final PreparedStatement history;

    /** With the session's default consistency levels. */
    public DeliveryTable(CqlSession session, String keyspace) {
        this(session, keyspace, null, null);
    }

    /** @param write, read consistency levels of the log's writes and reads; null: the session's default */
    public DeliveryTable(CqlSession session, String keyspace, ConsistencyLevel write, ConsistencyLevel read) {
        this.session = session;
        this.write = write;
        this.read = read;
        this.insert = session.prepare(INSERT.formatted(keyspace));
        this.outcomes = session.prepare(OUTCOMES.formatted(keyspace));
        this.history = session.prepare(HISTORY.formatted(keyspace));
    }

    @Override
    public List<String> statements(String keyspace) {
        return List.of(INSERT.formatted(keyspace), OUTCOMES.formatted(keyspace), HISTORY.formatted(keyspace));
    }

    /** Records the attempt for each of its events, in one logged batch: all of them or none. */
    public void record(Attempt a) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED);
        for (EventRef e : a.events()) {
            batch.addStatement(insert.bind(a.receiver(), e.alertId(), e.eventKey(), a.notificationId(), a.attempt(), a.at(),
                    a.statusCode(), a.error(), a.outcome().id()));
        }
        session.execute(batch.build().setConsistencyLevel(write));
    }

    /** Whether {@code receiver} is done with this event: an acknowledged, logged or dead attempt is recorded. */
    public boolean done(String receiver, EventRef event) {
        for (Row r : session.execute(outcomes.bind(receiver, event.alertId(), event.eventKey()).setConsistencyLevel(read))) {
            if (Outcome.of(r.getString("outcome")).isFinal()) {
                return true;
            }
        }
        return false;
    }

    /** Every attempt for one alert at one receiver, by event then attempt. */
    public List<Delivery> history(String receiver, String alertId) {
        List<Delivery> rows = new ArrayList<>();
        for (Row r : session.execute(history.bind(receiver, alertId).setConsistencyLevel(read))) {
            Integer code = r.isNull("status_code") ? null : r.getInt("status_code");
            rows.add(new Delivery(r.getString("receiver"), r.getString("alert_id"), r.getString("event_key"), r.getUuid("notification_id"),
                    r.getInt("attempt"), r.getInstant("attempted_at"), code, r.getString("error"), Outcome.of(r.getString("outcome"))));
        }
        return rows;
    }
}
