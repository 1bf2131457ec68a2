package io.safetywatcher.console.browser;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.registry.RegistryWriter;
import io.safetywatcher.stack.CassandraServer;
import io.safetywatcher.stack.StackRole;
import io.safetywatcher.stack.junit.SecureTestStack;
import io.safetywatcher.store.actions.ActionTables;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.analytics.AnalyticsTables;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk page as an operator and an analyst use it, in a real headless Chromium (Debian's
 * chromium and chromium-driver), against a secure stack (TLS, passwords, roles) whose console
 * child serves the page: sign-in, alerts arriving live from the topic without a reload and
 * changing in place, the evidence frame, acknowledge/assign/comment/resolve persisted in
 * Cassandra, the plan of the default city, an analyst's action refused, a request without the
 * CSRF token refused. Writes screenshots to {@code target/screenshots/} and the measured time
 * from topic to page to {@code target/desk-latency.json}.
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskPageTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LATENCY_PROBES = 40;
    private static final Path SHOTS = Path.of("target", "screenshots");

    static SecureTestStack secure;
    static String base;
    static String keyspace;
    static WatcherConfig job;
    static KafkaProducer<String, byte[]> producer;
    /** The alert job's account: writes the alerts, as the job does. One session: a TLS session takes seconds to open. */
    static CqlSession jobSession;
    static ChromeDriver operator;
    static final String CAMERA_ALERT = "desk-intrusion-" + UUID.randomUUID();

    @BeforeAll
    static void up() throws Exception {
        secure = SecureTestStack.start("desk-page-test");
        keyspace = secure.anonymous().get("cassandra.keyspace");
        base = "https://127.0.0.1:" + secure.anonymous().get("console.port");
        try (CqlSession s = cql(secure.as(StackRole.SIMULATOR))) {
            RegistryWriter.write(s, keyspace, CityFile.load(CityFile.DEFAULT), Instant.now(), DefaultConsistencyLevel.ONE);
        }
        secure.operator("olivia");
        job = secure.as(StackRole.JOB);
        Properties p = KafkaAccess.of(job).applyTo(new Properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, job.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        jobSession = cql(job);
        Files.createDirectories(SHOTS);
        operator = browser();
    }

    @AfterAll
    static void down() {
        if (operator != null) {
            operator.quit();
        }
        if (producer != null) {
            producer.close();
        }
        if (jobSession != null) {
            jobSession.close();
        }
        if (secure != null) {
            secure.close();
        }
    }

    static ChromeDriver browser() {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver (" + chromium + ", " + driver
                    + "): apt-get install chromium chromium-driver (.ci/run installs them)");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,950", "--lang=en-GB");
        o.setAcceptInsecureCerts(true); // the stack's own CA signs the console's certificate
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    static CqlSession cql(WatcherConfig c) {
        return CassandraServer.openSession(c.get("cassandra.host"), c.getPort("cassandra.port"), c.get("cassandra.datacenter"),
                CassandraAccess.of(c), Duration.ofSeconds(20));
    }

    static Alert alert(String id, AlertType type, Severity severity, AlertState state, String zone, List<String> devices, Instant started,
                       Instant updated, List<String> evidence) {
        return new Alert(id, type.id() + "|" + zone + "|" + id, type, severity, state, zone, devices, started, updated,
                state == AlertState.RESOLVED ? updated : null, 0.91, type.id() + " in " + zone + " (browser test)", evidence, "test-rules");
    }

    /** As the alert job does it: the alert in Cassandra, then its event on the topic; the record's broker time. */
    static long publish(Alert a) throws Exception {
        return publishTimes(a)[0];
    }

    /** {@link #publish}, with both ends of "on the topic": the record's append (CreateTime) and the broker's acknowledgement (acks=all). */
    static long[] publishTimes(Alert a) throws Exception {
        jobSession.execute(new AlertTables(jobSession, keyspace).write(a, 1L));
        RecordMetadata m = producer.send(new ProducerRecord<>(Topics.of(job).alerts(), a.fingerprint(), AlertCodec.encode(a))).get();
        return new long[] {m.timestamp(), System.currentTimeMillis()};
    }

    static void signIn(WebDriver page, String account, String password) {
        page.get(base + "/");
        WebDriverWait w = wait(page);
        w.until(ExpectedConditions.visibilityOfElementLocated(By.id("account"))).sendKeys(account);
        page.findElement(By.id("password")).sendKeys(password);
        page.findElement(By.id("signin-button")).click();
    }

    static WebElement row(WebDriver page, String id) {
        return wait(page).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-alert='" + id + "']")));
    }

    /** The page redraws rows and the detail on every push: an element found a moment ago may be replaced, so waits look again. */
    static WebDriverWait wait(WebDriver page) {
        WebDriverWait w = new WebDriverWait(page, WAIT);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    /** A cell of an alert's row, read in one step in the page. */
    static String cell(WebDriver page, String id, String css) {
        Object t = ((JavascriptExecutor) page).executeScript("const e = document.querySelector(\"tr[data-alert='\" + arguments[0] + \"'] \" + arguments[1]);"
                + " return e ? e.textContent : null;", id, css);
        return t == null ? "" : t.toString();
    }

    static void clickRow(WebDriver page, String id) {
        wait(page).until(d -> {
            row(d, id).click();
            return true;
        });
    }

    static void shot(WebDriver page, String name) throws Exception {
        File f = ((ChromeDriver) page).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static Object js(WebDriver page, String script, Object... args) {
        return ((JavascriptExecutor) page).executeAsyncScript(script, args);
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedOnTheSignInForm() {
        signIn(operator, "olivia", "not-her-password");
        wait(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "wrong account or password"));
        assertThat(operator.findElement(By.id("app")).isDisplayed()).isFalse();
    }

    @Test
    @Order(2)
    void alertsArriveLiveAndChangeInPlace() throws Exception {
        signIn(operator, "olivia", secure.secrets().password("olivia"));
        wait(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "olivia (operator)"));
        wait(operator).until(ExpectedConditions.attributeContains(By.id("live-state"), "class", "on"));
        // The page records when each row first appears, so the time measured is the page's, not this test's polling.
        js(operator, "window.__seen = {}; new MutationObserver(() => { for (const r of document.querySelectorAll('#alert-rows tr')) "
                + "{ if (!(r.dataset.alert in window.__seen)) window.__seen[r.dataset.alert] = Date.now(); } })"
                + ".observe(document.getElementById('alert-rows'), {childList: true}); arguments[arguments.length - 1](true);");

        // The test's producer opens its connection to the broker (TLS, SCRAM) on its first send, after
        // stamping that record: a warm-up record, not measured, as the alert job's producer is warm too.
        Instant w0 = Instant.now();
        String warm = "desk-warm-up-" + UUID.randomUUID();
        publish(alert(warm, AlertType.NOISE, Severity.LOW, AlertState.FIRING, "riverside-park", List.of(), w0, w0, List.of()));
        row(operator, warm);
        List<Long> fromAppend = new ArrayList<>();
        List<Long> fromAck = new ArrayList<>();
        for (int i = 0; i < LATENCY_PROBES; i++) {
            Instant t = Instant.now();
            String id = "desk-gunshot-" + i + "-" + UUID.randomUUID();
            long[] onTopic = publishTimes(alert(id, AlertType.GUNSHOT, i % 2 == 0 ? Severity.CRITICAL : Severity.HIGH, AlertState.FIRING,
                    "central-station", List.of("central-station-sound-1"), t, t, List.of()));
            row(operator, id);
            Number seen = (Number) js(operator, "arguments[arguments.length - 1](window.__seen[arguments[0]] || null);", id);
            assertThat(seen).as("the page saw " + id).isNotNull();
            fromAppend.add(seen.longValue() - onTopic[0]);
            fromAck.add(seen.longValue() - onTopic[1]);
            Thread.sleep(150);
        }
        List<Long> sorted = fromAppend.stream().sorted().toList();
        Files.writeString(Path.of("target", "desk-latency.json"), "{\"probes\":" + sorted.size() + ",\"p50_ms\":" + sorted.get(sorted.size() / 2)
                + ",\"max_ms\":" + sorted.get(sorted.size() - 1) + ",\"from_append_in_order_ms\":" + fromAppend
                + ",\"from_ack_in_order_ms\":" + fromAck + "}\n");
        System.err.println("desk page: topic -> row visible, " + sorted.size() + " alerts: p50 " + sorted.get(sorted.size() / 2) + " ms, max "
                + sorted.get(sorted.size() - 1) + " ms from the record's append; from the broker's ack: " + fromAck);

        // One alert, three events: one row whose state changes in place.
        Instant t0 = Instant.now();
        String id = "desk-crowd-" + UUID.randomUUID();
        publish(alert(id, AlertType.CROWD_DENSITY, Severity.HIGH, AlertState.FIRING, "market-square", List.of(), t0, t0, List.of()));
        row(operator, id);
        publish(alert(id, AlertType.CROWD_DENSITY, Severity.CRITICAL, AlertState.UPDATED, "market-square", List.of(), t0, t0.plusSeconds(5), List.of()));
        wait(operator).until(d -> cell(d, id, ".sev").equals("critical"));
        new Select(operator.findElement(By.id("f-state"))).selectByValue("");
        publish(alert(id, AlertType.CROWD_DENSITY, Severity.CRITICAL, AlertState.RESOLVED, "market-square", List.of(), t0, t0.plusSeconds(60), List.of()));
        wait(operator).until(d -> cell(d, id, ".state").equals("resolved"));
        assertThat(operator.findElements(By.cssSelector("tr[data-alert='" + id + "']"))).hasSize(1);
        new Select(operator.findElement(By.id("f-state"))).selectByValue("open");
        assertThat(operator.findElements(By.cssSelector("tr[data-alert='" + id + "']"))).isEmpty();
    }

    @Test
    @Order(3)
    void theDetailShowsTheEvidenceAndActionsArePersisted() throws Exception {
        Instant t = Instant.now();
        jobSession.execute(new AlertTables(jobSession, keyspace).evidence(CAMERA_ALERT, "central-station-cam-1", t, jpeg(), "{\"people\":[{\"track\":7,\"x\":300,"
                + "\"y\":140,\"w\":40,\"h\":110,\"speed_mps\":1.2,\"dwell_s\":12,\"alone_s_ago\":0,\"erratic\":0.1}],\"blobs\":[]}"));
        publish(alert(CAMERA_ALERT, AlertType.INTRUSION, Severity.CRITICAL, AlertState.FIRING, "central-station",
                List.of("central-station-cam-1"), t, t, List.of("evidence_frames/" + CAMERA_ALERT)));
        clickRow(operator, CAMERA_ALERT);
        WebDriverWait w = wait(operator);
        w.until(d -> ((Number) ((JavascriptExecutor) d).executeScript("const i = document.querySelector(\"#detail img[data-evidence='0']\");"
                + " return i && i.complete ? i.naturalWidth : 0;")).intValue() == 640);
        w.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#detail .evidence rect.person")));
        shot(operator, "alerts");

        operator.findElement(By.id("ack-note")).sendKeys("on my way");
        operator.findElement(By.id("ack")).click();
        w.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history li[data-kind='ack']")));
        w.until(ExpectedConditions.presenceOfElementLocated(By.id("comment-note"))).sendKeys("patrol 12 sent");
        operator.findElement(By.id("comment")).click();
        w.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history li[data-kind='comment']")));
        w.until(ExpectedConditions.presenceOfElementLocated(By.id("assign-to"))).sendKeys("olivia");
        operator.findElement(By.id("assign")).click();
        w.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history li[data-kind='assign']")));
        w.until(d -> cell(d, CAMERA_ALERT, ".handled").contains("olivia"));
        shot(operator, "alert-detail");

        try (CqlSession s = cql(secure.as(StackRole.ANALYST))) {
            List<ActionTables.Action> acts = new ActionTables(s, keyspace).actions(CAMERA_ALERT);
            assertThat(acts).extracting(ActionTables.Action::kind).containsExactly(ActionKind.ACK, ActionKind.COMMENT, ActionKind.ASSIGN);
            assertThat(acts).extracting(ActionTables.Action::actor).containsOnly("olivia");
            assertThat(acts.get(0).note()).isEqualTo("on my way");
            assertThat(acts.get(1).note()).isEqualTo("patrol 12 sent");
        }

        new Select(operator.findElement(By.id("disposition"))).selectByValue("false_alarm");
        operator.findElement(By.id("resolve-category")).sendKeys("maintenance");
        operator.findElement(By.id("resolve")).click();
        w.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history li[data-kind='resolve']")));
        try (CqlSession s = cql(secure.as(StackRole.ANALYST))) {
            ActionTables.Action resolve = new ActionTables(s, keyspace).actions(CAMERA_ALERT).get(3);
            assertThat(resolve.kind()).isEqualTo(ActionKind.RESOLVE);
            assertThat(resolve.falseAlarm()).isTrue();
            assertThat(resolve.category()).isEqualTo("maintenance");
        }
    }

    @Test
    @Order(4)
    void thePlanShowsTheCityWithItsOpenAlerts() throws Exception {
        operator.findElement(By.cssSelector("button[data-view='plan']")).click();
        WebDriverWait w = wait(operator);
        int zones = CityFile.load(CityFile.DEFAULT).zones().size();
        w.until(d -> d.findElements(By.cssSelector("#plan circle.zone")).size() == zones);
        WebElement station = operator.findElement(By.cssSelector("#plan circle.zone[data-zone='central-station']"));
        assertThat(Integer.parseInt(station.getAttribute("data-open"))).isPositive();
        assertThat(station.getAttribute("class")).contains("critical");
        assertThat(operator.findElements(By.cssSelector("#plan circle.device"))).isNotEmpty();
        shot(operator, "plan");
        station.click();
        w.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-alerts")));
        assertThat(new Select(operator.findElement(By.id("f-zone"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("central-station");
    }

    @Test
    @Order(5)
    void theTrendsPageDrawsTheAnalyticsFigures() throws Exception {
        AnalyticsTables analytics = new AnalyticsTables(jobSession, keyspace);
        java.time.LocalDate end = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        jobSession.execute(analytics.insert("hotspots", AnalyticsTables.HOTSPOTS.columns()).bind(end, 1, "central-station", 4.25, 2.0, 112.5));
        jobSession.execute(analytics.insert("hotspots", AnalyticsTables.HOTSPOTS.columns()).bind(end, 2, "old-market", 1.5, 1.5, 0.0));
        for (int hour = 0; hour < 24; hour++) {
            jobSession.execute(analytics.insert("incident_heatmap", AnalyticsTables.HEATMAP.columns()).bind("all", 5, hour, (long) hour));
            jobSession.execute(analytics.insert("crowd_peaks", AnalyticsTables.CROWD_PEAKS.columns())
                    .bind("old-market", hour, 0.1 * hour, java.util.Map.of("A", 60L)));
        }
        operator.findElement(By.cssSelector("button[data-view='trends']")).click();
        WebDriverWait w = wait(operator);
        w.until(ExpectedConditions.textToBePresentInElementLocated(By.id("hotspots"), "1. central-station"));
        assertThat(operator.findElement(By.id("hotspots")).getText()).contains("4.25").contains("2. old-market");
        assertThat(operator.findElements(By.cssSelector("#heatmap rect"))).hasSize(24);
        assertThat(operator.findElements(By.cssSelector("#crowd-peaks path"))).hasSize(1);
        shot(operator, "trends");
        operator.findElement(By.cssSelector("button[data-view='alerts']")).click();
    }

    @Test
    @Order(6)
    void aRequestWithoutTheCsrfTokenIsRefused() {
        String script = "const done = arguments[arguments.length - 1];"
                + "fetch('/api/alerts/' + encodeURIComponent(arguments[0]) + '/comment', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({note: 'forged'})}).then(r => r.json().then(b => done([r.status, b.error || '']))).catch(e => done([0, String(e)]));";
        @SuppressWarnings("unchecked")
        List<Object> answer = (List<Object>) js(operator, script, CAMERA_ALERT);
        assertThat(((Number) answer.get(0)).intValue()).isEqualTo(403);
        assertThat((String) answer.get(1)).contains("X-CSRF-Token");
    }

    @Test
    @Order(7)
    void anAnalystReadsButCannotAct() throws Exception {
        ChromeDriver analyst = browser();
        try {
            signIn(analyst, StackRole.ANALYST.principal(), secure.secrets().password(StackRole.ANALYST.principal()));
            wait(analyst).until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "(analyst)"));
            clickRow(analyst, CAMERA_ALERT);
            wait(analyst).until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "only operators act"));
            assertThat(analyst.findElements(By.id("ack"))).isEmpty();
            String script = "const done = arguments[arguments.length - 1];"
                    + "fetch('/api/session').then(r => r.json()).then(me => fetch('/api/alerts/' + encodeURIComponent(arguments[0]) + '/ack',"
                    + " {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf}, body: '{}'}))"
                    + ".then(r => r.json().then(b => done([r.status, b.error || '']))).catch(e => done([0, String(e)]));";
            @SuppressWarnings("unchecked")
            List<Object> answer = (List<Object>) js(analyst, script, CAMERA_ALERT);
            assertThat(((Number) answer.get(0)).intValue()).isEqualTo(403);
            assertThat((String) answer.get(1)).contains("analyst");
        } finally {
            analyst.quit();
        }
        try (CqlSession s = cql(secure.as(StackRole.ANALYST))) {
            assertThat(new ActionTables(s, keyspace).actions(CAMERA_ALERT)).extracting(ActionTables.Action::actor).containsOnly("olivia");
        }
    }

    /** A 640x360 street-like picture with a person-sized figure where the boxes say. */
    static byte[] jpeg() throws Exception {
        BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(110, 120, 130));
        g.fillRect(0, 0, 640, 360);
        g.setColor(new Color(70, 75, 80));
        g.fillRect(0, 200, 640, 160);
        g.setColor(new Color(40, 40, 60));
        g.fillOval(310, 140, 20, 22);
        g.fillRect(305, 160, 30, 90);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

}
