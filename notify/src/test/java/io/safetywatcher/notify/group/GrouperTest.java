package io.safetywatcher.notify.group;

import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.notify.route.Grouping;
import io.safetywatcher.notify.route.Matcher;
import io.safetywatcher.notify.route.Route;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Alertmanager's timers with time passed in: group_wait, group_interval, repeat_interval, one in flight, resolved delivered. */
class GrouperTest {
    static final Instant T0 = Instant.parse("2026-11-20T20:00:00Z");
    static final Route ROUTE = new Route("route", 1, Matcher.ANY, "desk",
            new Grouping(List.of(Grouping.Label.ZONE), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4)), false, List.of());
    final Grouper g = new Grouper();
    long offset;

    AlertEvent event(String id, String zone, AlertState state) {
        Alert a = new Alert(id, "fp-" + id, AlertType.GUNSHOT, Severity.HIGH, state, zone, List.of(), T0, T0.plusMillis(offset), null, 0.5,
                "s", List.of(), "r");
        return new AlertEvent(a, 0, offset++);
    }

    static Instant at(Duration d) { return T0.plus(d); }

    static List<String> ids(Notification n) { return n.events().stream().map(e -> e.alert().id() + ":" + e.alert().state()).toList(); }

    @Test
    void theFirstNotificationWaitsGroupWaitAndCarriesWhatFiredMeanwhile() {
        g.add(ROUTE, event("a", "plaza", AlertState.FIRING), T0);
        g.add(ROUTE, event("b", "plaza", AlertState.FIRING), at(Duration.ofSeconds(10)));
        g.add(ROUTE, event("c", "park", AlertState.FIRING), at(Duration.ofSeconds(10)));
        assertThat(g.due(at(Duration.ofSeconds(29)))).isEmpty();
        List<Notification> due = g.due(at(Duration.ofSeconds(30)));
        assertThat(due).hasSize(1);
        assertThat(due.get(0).groupKey()).isEqualTo("route{zone=plaza}");
        assertThat(ids(due.get(0))).containsExactly("a:FIRING", "b:FIRING");
        assertThat(g.nextDue()).contains(at(Duration.ofSeconds(40))); // the park group's own wait
    }

    @Test
    void laterChangesWaitGroupIntervalAndOnlyOneNotificationIsInFlight() {
        g.add(ROUTE, event("a", "plaza", AlertState.FIRING), T0);
        Notification first = g.due(at(Duration.ofSeconds(30))).get(0);
        g.add(ROUTE, event("a", "plaza", AlertState.UPDATED), at(Duration.ofSeconds(40)));
        assertThat(g.due(at(Duration.ofMinutes(10)))).as("the first is still in flight").isEmpty();
        g.finished(first);
        assertThat(g.due(at(Duration.ofSeconds(30).plusMinutes(5)).minusMillis(1))).isEmpty();
        List<Notification> second = g.due(at(Duration.ofSeconds(30).plusMinutes(5)));
        assertThat(second).hasSize(1);
        assertThat(ids(second.get(0))).containsExactly("a:UPDATED");
        assertThat(second.get(0).repeat()).isFalse();
    }

    @Test
    void anUnchangedFiringGroupIsRepeatedAfterRepeatIntervalAndAResolvedOneIsDeliveredThenForgotten() {
        g.add(ROUTE, event("a", "plaza", AlertState.FIRING), T0);
        g.finished(g.due(at(Duration.ofSeconds(30))).get(0));
        assertThat(g.due(at(Duration.ofHours(4)))).isEmpty();
        List<Notification> repeat = g.due(at(Duration.ofSeconds(30).plusHours(4)));
        assertThat(repeat).hasSize(1);
        assertThat(repeat.get(0).repeat()).isTrue();
        assertThat(ids(repeat.get(0))).containsExactly("a:FIRING");
        g.finished(repeat.get(0));

        g.add(ROUTE, event("a", "plaza", AlertState.RESOLVED), at(Duration.ofHours(5)));
        List<Notification> resolved = g.due(at(Duration.ofHours(5)));
        assertThat(resolved).hasSize(1);
        assertThat(ids(resolved.get(0))).containsExactly("a:RESOLVED");
        g.finished(resolved.get(0));
        assertThat(g.groups()).isZero();
        assertThat(g.nextDue()).isEmpty();
    }

    @Test
    void groupingByAlertGivesEachAlertItsOwnGroupAndZeroWaitSendsAtOnce() {
        Route perAlert = new Route("route.routes[0]", 1, Matcher.ANY, "desk",
                new Grouping(List.of(Grouping.Label.ALERT), Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(1)), false, List.of());
        g.add(perAlert, event("a", "plaza", AlertState.FIRING), T0);
        g.add(perAlert, event("b", "plaza", AlertState.FIRING), T0);
        assertThat(g.due(T0)).extracting(Notification::groupKey).containsExactly("route.routes[0]{alert=a}", "route.routes[0]{alert=b}");
    }
}
