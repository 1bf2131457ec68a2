package io.safetywatcher.analytics.risk;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.risk.RiskClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RiskLabelsTest {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    static Instant at(String hhmmss) { return Instant.parse("2026-11-20T" + hhmmss + "Z"); }

    static Incident incident(AlertType type, String zone, String from, String to) {
        return new Incident(type.id() + from, type, zone, List.of(), at(from), at(to), 1);
    }

    @Test
    void truthLabelsTheMinutesItsIncidentsOverlap() {
        RiskLabels l = new RiskLabels(List.of(incident(AlertType.CROWD_SURGE, "plaza", "10:02:30", "10:04:00"),
                incident(AlertType.CROWD_DENSITY, "plaza", "10:03:00", "10:06:00"),
                incident(AlertType.GUNSHOT, "plaza", "10:10:00", "10:11:00")), List.of());
        assertThat(l.of("plaza", at("10:01:00"))).isEqualTo(RiskClass.NONE);
        assertThat(l.of("plaza", at("10:02:00"))).isEqualTo(RiskClass.HIGH);   // overlaps from 10:02:30
        assertThat(l.of("plaza", at("10:03:00"))).isEqualTo(RiskClass.HIGH);   // both: the higher
        assertThat(l.of("plaza", at("10:04:00"))).isEqualTo(RiskClass.MEDIUM); // the surge ended at 10:04:00, exclusive
        assertThat(l.of("plaza", at("10:05:00"))).isEqualTo(RiskClass.MEDIUM);
        assertThat(l.of("plaza", at("10:06:00"))).isEqualTo(RiskClass.NONE);
        assertThat(l.of("plaza", at("10:10:00"))).isEqualTo(RiskClass.NONE);   // not a crowd incident
        assertThat(l.of("station", at("10:03:00"))).isEqualTo(RiskClass.NONE); // another zone
        assertThat(l.crowdIncidents()).isEqualTo(2);
        assertThat(l.isEmpty()).isFalse();
    }

    @Test
    void operatorsVerdictsLabelTheirAlertsWindowAndTheTruthWins() {
        RiskLabels l = new RiskLabels(List.of(incident(AlertType.CROWD_DENSITY, "plaza", "10:00:00", "10:02:00")), List.of(
                new Verdict("plaza", at("10:01:00"), at("10:05:00"), RiskClass.HIGH, true),
                new Verdict("plaza", at("10:20:00"), at("10:22:00"), RiskClass.MEDIUM, false),
                new Verdict("station", at("10:00:30"), at("10:01:30"), RiskClass.LOW, true)));
        assertThat(l.of("plaza", at("10:01:00"))).isEqualTo(RiskClass.MEDIUM); // truth over the verdict
        assertThat(l.of("plaza", at("10:02:00"))).isEqualTo(RiskClass.HIGH);   // the true alarm's severity
        assertThat(l.of("plaza", at("10:04:00"))).isEqualTo(RiskClass.HIGH);
        assertThat(l.of("plaza", at("10:05:00"))).isEqualTo(RiskClass.NONE);
        assertThat(l.of("plaza", at("10:21:00"))).isEqualTo(RiskClass.NONE);   // a false alarm
        assertThat(l.of("station", at("10:00:00"))).isEqualTo(RiskClass.LOW);
        assertThat(l.of("station", at("10:01:00"))).isEqualTo(RiskClass.LOW);
        assertThat(l.of("station", at("10:02:00"))).isEqualTo(RiskClass.NONE);
        assertThat(l.verdicts()).isEqualTo(3);
    }

    @Test
    void nothingSaidIsNoLabels() {
        assertThat(new RiskLabels(List.of(incident(AlertType.GUNSHOT, "plaza", "10:00:00", "10:01:00")), List.of()).isEmpty()).isTrue();
        assertThat(new RiskLabels(List.of(), List.of(new Verdict("p", T, T.plusSeconds(60), RiskClass.LOW, false))).isEmpty()).isFalse();
    }
}
