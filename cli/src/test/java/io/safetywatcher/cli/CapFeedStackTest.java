package io.safetywatcher.cli;

import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapArea;
import io.safetywatcher.common.cap.CapMessage;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CAP feed of the test stack's own console (the child {@code stack up} starts): CAP
 * documents committed to the CAP topic appear in {@code /cap/feed.atom}, newest first, each
 * linking to its document byte for byte; an aborted transaction's document never appears, and
 * a record that is not CAP is skipped without stopping the feed.
 */
@StackTest
class CapFeedStackTest {
    private static final String ATOM = "http://www.w3.org/2005/Atom";

    @Test
    void committedCapMessagesAreServedNewestFirstAndAbortedOnesNever(StackEndpoints stack) throws Exception {
        WatcherConfig config = stack.config();
        String topic = Topics.of(config).alertsCap();
        CapSettings settings = CapSettings.of(config);
        String id = "feed-" + Long.toString(System.nanoTime(), 36);
        Instant t0 = Instant.now().plusSeconds(3600); // newer than anything other tests published
        List<Alert> incident = List.of(
                alert(id, AlertState.FIRING, t0, null),
                alert(id, AlertState.UPDATED, t0.plusSeconds(20), null),
                alert(id, AlertState.RESOLVED, t0.plusSeconds(50), t0.plusSeconds(50)));
        Alert aborted = alert(id + "-aborted", AlertState.FIRING, t0.plusSeconds(70), null);

        Properties props = KafkaAccess.of(config).applyTo(new Properties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cap-feed-test-" + id);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, aborted.fingerprint().getBytes(StandardCharsets.UTF_8), Cap.toXml(aborted, CapArea.of("plaza"), settings)));
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8), "{\"not\": \"cap\"}".getBytes(StandardCharsets.UTF_8)));
            for (Alert a : incident) {
                p.send(new ProducerRecord<>(topic, a.fingerprint().getBytes(StandardCharsets.UTF_8), Cap.toXml(a, CapArea.of("plaza"), settings)));
            }
            p.commitTransaction();
        }

        URI base = URI.create("http://" + config.get("console.host") + ":" + config.get("console.port"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> expected = List.of(Cap.identifier(incident.get(2)), Cap.identifier(incident.get(1)), Cap.identifier(incident.get(0)));
        List<String> mine = List.of();
        Element feed = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("/cap/feed.atom")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/atom+xml; charset=utf-8");
            feed = CapMessage.builder().parse(new ByteArrayInputStream(r.body())).getDocumentElement();
            mine = entries(feed).stream().filter(e -> e.contains(id)).toList();
            if (mine.size() >= expected.size()) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(feed.getNamespaceURI()).isEqualTo(ATOM);
        // Newest first: the three events in reverse, and nothing of the aborted transaction.
        assertThat(mine).containsExactlyElementsOf(expected.stream().map(i -> base + "/cap/" + i + ".xml").toList());

        for (Alert a : incident) {
            HttpResponse<byte[]> doc = http.send(HttpRequest.newBuilder(base.resolve("/cap/" + Cap.identifier(a) + ".xml")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.headers().firstValue("Content-Type")).hasValue("application/cap+xml; charset=utf-8");
            assertThat(doc.body()).as("the document as published").isEqualTo(Cap.toXml(a, CapArea.of("plaza"), settings));
        }
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.resolve("/cap/" + Cap.identifier(aborted) + ".xml")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no CAP message");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/cap/feed.atom"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    private static Alert alert(String id, AlertState state, Instant at, Instant ended) {
        return new Alert(id, "fight|" + id, AlertType.FIGHT, Severity.HIGH, state, "plaza", List.of("cam-1"),
                state == AlertState.FIRING ? at : at.minusSeconds(state == AlertState.UPDATED ? 20 : 50), at, ended, 0.9,
                "fight " + state, List.of("frame:cam-1@" + at), "test");
    }

    /** The entries' links, in feed order. */
    private static List<String> entries(Element feed) {
        List<String> out = new ArrayList<>();
        NodeList entries = feed.getElementsByTagNameNS(ATOM, "entry");
        for (int i = 0; i < entries.getLength(); i++) {
            Element link = (Element) ((Element) entries.item(i)).getElementsByTagNameNS(ATOM, "link").item(0);
            out.add(link.getAttribute("href"));
        }
        return out;
    }
}
