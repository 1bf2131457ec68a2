package io.safetywatcher.notify.route;

import io.safetywatcher.common.retry.Backoff;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.shell.file.FileProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The routing file as Alertmanager's tree: first match wins unless continue, children inherit, mistakes name their line. */
class RoutingTest {
    static final String FILE = """
            time_zone: Europe/Berlin
            receivers:
              - name: journal
                log: {}
              - name: desk
                webhook: {url: 'https://desk.example/hook', secret: s3cret, max_attempts: 3, backoff: {base: 100ms, max: 2s}}
              - name: crowd
                webhook: {url: 'http://crowd.example/hook'}
              - name: night
                webhook: {url: 'http://night.example/hook'}
            route:
              receiver: journal
              group_by: [zone]
              group_wait: 10s
              routes:
                - match: {severity_at_least: critical}
                  receiver: desk
                  group_wait: 0s
                  continue: true
                - match: {category: crowd-risk}
                  receiver: crowd
                  routes:
                    - match: {zone: [stadium], severity: [high]}
                      receiver: desk
                - match: {type: [glass-break, break-in], time: [{weekdays: ["saturday:sunday"], times: ["22:00-06:00"]}]}
                  receiver: night
            """;

    static final Routing ROUTING = RouteFile.parse("routes.yaml", FILE);
    static final Instant WEDNESDAY_NOON = Instant.parse("2026-11-18T11:00:00Z"); // 12:00 in Berlin
    static final Instant SATURDAY_LATE = Instant.parse("2026-11-21T22:30:00Z"); // 23:30 Saturday in Berlin
    static final Instant SUNDAY_EARLY = Instant.parse("2026-11-22T04:00:00Z"); // 05:00 Sunday in Berlin
    static final Instant MONDAY_EARLY = Instant.parse("2026-11-23T04:00:00Z"); // 05:00 Monday: Sunday night's window

    static Alert alert(AlertType type, Severity severity, String zone) {
        Instant t = WEDNESDAY_NOON;
        return new Alert("a", "fp", type, severity, AlertState.FIRING, zone, List.of(), t, t, null, 0.5, "s", List.of(), "r");
    }

    static List<String> receivers(Alert a, Instant now) {
        return ROUTING.route(a, now, zone -> null).stream().map(Route::receiver).toList();
    }

    @Test
    void aCriticalAlertGoesToTheDeskAndContinuesToTheNextMatchingRoute() {
        assertThat(receivers(alert(AlertType.CROWD_SURGE, Severity.CRITICAL, "plaza"), WEDNESDAY_NOON)).containsExactly("desk", "crowd");
        assertThat(receivers(alert(AlertType.GUNSHOT, Severity.CRITICAL, "plaza"), WEDNESDAY_NOON))
                .as("no later route matches: the critical route alone").containsExactly("desk");
    }

    @Test
    void theFirstMatchingRouteEndsTheSearchAndANestedRouteWinsOverItsParent() {
        assertThat(receivers(alert(AlertType.CROWD_DENSITY, Severity.MEDIUM, "plaza"), WEDNESDAY_NOON)).containsExactly("crowd");
        assertThat(receivers(alert(AlertType.CROWD_DENSITY, Severity.HIGH, "stadium"), WEDNESDAY_NOON)).containsExactly("desk");
        assertThat(receivers(alert(AlertType.NOISE, Severity.LOW, "plaza"), WEDNESDAY_NOON)).as("nothing matches: the root's receiver")
                .containsExactly("journal");
    }

    @Test
    void timeWindowsAreInTheFilesTimeZoneOrTheZonesOwnAndCrossMidnight() {
        Alert glass = alert(AlertType.GLASS_BREAK, Severity.HIGH, "shop");
        assertThat(receivers(glass, WEDNESDAY_NOON)).containsExactly("journal");
        assertThat(receivers(glass, SATURDAY_LATE)).containsExactly("night");
        assertThat(receivers(glass, SUNDAY_EARLY)).as("Saturday night's window runs into Sunday").containsExactly("night");
        assertThat(receivers(glass, MONDAY_EARLY)).as("Sunday night's window runs into Monday").containsExactly("night");
        // 22:30 UTC Saturday is already 07:30 Sunday in Tokyo: outside the window when the zone is there.
        List<String> tokyo = ROUTING.route(glass, SATURDAY_LATE, zone -> ZoneId.of("Asia/Tokyo")).stream().map(Route::receiver).toList();
        assertThat(tokyo).containsExactly("journal");
    }

    @Test
    void childrenInheritReceiverAndGroupingAndReceiversKeepTheirSettings() {
        Route critical = ROUTING.root().routes().get(0);
        assertThat(critical.grouping().by()).containsExactly(Grouping.Label.ZONE);
        assertThat(critical.grouping().groupWait()).isZero();
        Route crowd = ROUTING.root().routes().get(1);
        assertThat(crowd.grouping().groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(crowd.grouping().groupInterval()).isEqualTo(Grouping.DEFAULT.groupInterval());
        Receiver.Webhook desk = (Receiver.Webhook) ROUTING.receivers().get("desk");
        assertThat(desk.maxAttempts()).isEqualTo(3);
        assertThat(desk.backoff()).isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)));
        assertThat(desk.toString()).doesNotContain("s3cret");
    }

    @Test
    void mistakesNameTheFileLineAndField() {
        assertThatThrownBy(() -> RouteFile.parse("r.yaml", FILE.replace("severity_at_least: critical", "severity_at_least: huge")))
                .isInstanceOf(FileProblem.class).hasMessageContaining("r.yaml line 16").hasMessageContaining("'huge' is not a severity");
        assertThatThrownBy(() -> RouteFile.parse("r.yaml", FILE.replace("receiver: crowd", "receiver: crowds")))
                .hasMessageContaining("line 21").hasMessageContaining("no receiver named 'crowds'");
        assertThatThrownBy(() -> RouteFile.parse("r.yaml", FILE.replace("saturday:sunday", "caturday")))
                .hasMessageContaining("line 25").hasMessageContaining("unknown name 'caturday'; known: monday");
        assertThatThrownBy(() -> RouteFile.parse("r.yaml", FILE.replace("times: [", "hours: [")))
                .hasMessageContaining("line 25").hasMessageContaining("hours");
        assertThatThrownBy(() -> RouteFile.parse("r.yaml", FILE.replace("group_wait: 0s", "group_wiat: 0s")))
                .hasMessageContaining("line 18").hasMessageContaining("unknown field");
        assertThatThrownBy(() -> RouteFile.parse("r.yaml", FILE.replace("'https://desk.example/hook'", "'ftp://desk'")))
                .hasMessageContaining("line 6").hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> RouteFile.parse("r.yaml", "receivers: []\nroute:\n  receiver: x\n  match: {zone: a}\n"))
                .hasMessageContaining("the top route takes every event");
    }
}
