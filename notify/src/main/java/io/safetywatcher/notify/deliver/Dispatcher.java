package io.safetywatcher.notify.deliver;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.safetywatcher.notify.group.AlertEvent;
import io.safetywatcher.notify.group.Notification;
import io.safetywatcher.notify.route.Receiver;
import io.safetywatcher.store.delivery.DeliveryTable;
import io.safetywatcher.store.delivery.DeliveryTable.Attempt;
import io.safetywatcher.store.delivery.DeliveryTable.EventRef;
import io.safetywatcher.store.delivery.DeliveryTable.Outcome;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends notifications: a webhook gets a POST (timeouts, HMAC signature, retries with back-off and
 * jitter, and after its last attempt the notification's events are dead-lettered, i.e. recorded
 * with outcome {@code dead}); a log receiver gets one line. Every attempt is recorded in the
 * delivery log before the notification counts as finished, so a restart knows what was acknowledged.
 */
public final class Dispatcher implements AutoCloseable {
    /** How a notification ended: its final outcome, and where it was reported. */
    public record Finished(Notification notification, Receiver receiver, Outcome outcome) {}

    private final DeliveryTable log;
    private final Consumer<String> out;
    private final Consumer<Finished> finished;
    private final Consumer<Throwable> fatal;
    private final Map<String, Body> bodies;
    private final HttpClient http;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "notify-retries");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    /**
     * @param finished called once per notification, from a delivery thread
     * @param fatal    called when the delivery log cannot be written: nothing may be committed past it
     */
    public Dispatcher(Map<String, Body> bodies, DeliveryTable log, Consumer<String> out, Consumer<Finished> finished,
                      Consumer<Throwable> fatal) {
        this.bodies = bodies;
        this.log = log;
        this.out = out;
        this.finished = finished;
        this.fatal = fatal;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public void send(Notification n, Receiver r) {
        UUID id = Uuids.timeBased();
        List<EventRef> refs = n.events().stream().map(e -> new EventRef(e.alert().id(), e.eventKey())).toList();
        if (r instanceof Receiver.Log) {
            out.accept(logLine(r.name(), n));
            record(new Attempt(r.name(), id, 1, Instant.now(), null, null, Outcome.LOGGED, refs), n, r);
            return;
        }
        Receiver.Webhook w = (Receiver.Webhook) r;
        byte[] body = bodies.get(w.name()).render(w.name(), id, n);
        attempt(n, w, id, refs, body, 1);
    }

    private void attempt(Notification n, Receiver.Webhook w, UUID id, List<EventRef> refs, byte[] body, int attempt) {
        if (closing) {
            return; // the restart sends it again: nothing was acknowledged
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(w.url()).timeout(w.timeout())
                .header("Content-Type", bodies.get(w.name()).contentType())
                .header("X-Watcher-Notification", id.toString())
                .header("X-Watcher-Attempt", Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!w.secret().isEmpty()) {
            req.header(Signature.HEADER, Signature.of(w.secret(), body));
        }
        inFlight.incrementAndGet();
        http.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding())
                .orTimeout(w.timeout().toMillis() + w.timeout().toMillis() / 2, TimeUnit.MILLISECONDS)
                .whenComplete((resp, err) -> {
                    try {
                        Integer code = resp == null ? null : resp.statusCode();
                        boolean ok = code != null && code >= 200 && code < 300;
                        String error = ok ? null : code != null ? "HTTP " + code : describe(err);
                        Outcome outcome = ok ? Outcome.ACKED : attempt >= w.maxAttempts() ? Outcome.DEAD : Outcome.RETRY;
                        Attempt a = new Attempt(w.name(), id, attempt, Instant.now(), code, error, outcome, refs);
                        if (outcome == Outcome.RETRY) {
                            writeLog(a);
                            long delay = w.backoff().delay(attempt, ThreadLocalRandom.current().nextDouble()).toMillis();
                            if (!closing) {
                                retries.schedule(() -> attempt(n, w, id, refs, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
                            }
                        } else {
                            if (outcome == Outcome.DEAD) {
                                out.accept(Instant.now() + " dead-letter receiver=" + w.name() + " group=" + n.groupKey() + " after "
                                        + attempt + " attempts (" + error + "): " + ids(n));
                            }
                            record(a, n, w);
                        }
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
    }

    private void record(Attempt a, Notification n, Receiver r) {
        if (writeLog(a)) {
            finished.accept(new Finished(n, r, a.outcome()));
        }
    }

    private boolean writeLog(Attempt a) {
        try {
            log.record(a);
            return true;
        } catch (RuntimeException e) {
            fatal.accept(new IllegalStateException("cannot write the delivery log (" + e.getMessage() + "); stopping without "
                    + "committing past it", e));
            return false;
        }
    }

    static String logLine(String receiver, Notification n) {
        StringBuilder b = new StringBuilder().append(Instant.now()).append(" notify receiver=").append(receiver)
                .append(" group=").append(n.groupKey()).append(n.repeat() ? " repeat" : "").append(':');
        for (AlertEvent e : n.events()) {
            b.append(' ').append(e.alert().id()).append(' ').append(e.alert().state()).append(' ').append(e.alert().severity().id())
                    .append(' ').append(e.alert().type().id()).append('@').append(e.alert().zone()).append(';');
        }
        return b.toString();
    }

    private static String ids(Notification n) {
        return String.join(",", n.events().stream().map(e -> e.alert().id() + "/" + e.eventKey()).toList());
    }

    private static String describe(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Stops retrying; waits up to {@code grace} for answers already on their way so an acknowledgement is recorded. */
    public void close(Duration grace) {
        closing = true;
        retries.shutdownNow();
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    public void close() { close(Duration.ofSeconds(5)); }
}
