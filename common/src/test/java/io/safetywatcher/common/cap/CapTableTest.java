package io.safetywatcher.common.cap;

import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented table, row by row: each type's CAP category, event, urgency and certainty, and each severity. */
class CapTableTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "intrusion, Security, Intrusion, Immediate, Likely",
            "loitering, Security, Loitering, Expected, Possible",
            "fight, Security, Fight, Immediate, Likely",
            "gunshot, Security, Gunshot, Immediate, Likely",
            "glass-break, Security, Glass break, Immediate, Likely",
            "break-in, Security, Break-in, Immediate, Likely",
            "panic, Security, Panic alarm, Immediate, Observed",
            "noise, Security, Noise, Expected, Possible",
            "suspicious-behaviour, Security, Suspicious behaviour, Expected, Possible",
            "crowd-density, Safety, Crowd density, Expected, Observed",
            "crowd-surge, Safety, Crowd surge, Immediate, Likely",
            "crowd-risk, Safety, Crowd risk, Expected, Likely",
            "device-fault, Infra, Camera fault, Expected, Observed"})
    void row(String type, String category, String event, String urgency, String certainty) {
        CapTable.Row r = CapTable.row(AlertType.fromId(type).orElseThrow());
        assertThat(r.category()).isEqualTo(category);
        assertThat(r.event()).isEqualTo(event);
        assertThat(r.urgency()).isEqualTo(urgency);
        assertThat(r.certainty()).isEqualTo(certainty);
        assertThat(CapTable.urgency(r.type(), AlertState.FIRING)).isEqualTo(urgency);
        assertThat(CapTable.urgency(r.type(), AlertState.UPDATED)).isEqualTo(urgency);
        assertThat(CapTable.urgency(r.type(), AlertState.RESOLVED)).isEqualTo("Past");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"critical, Extreme", "high, Severe", "medium, Moderate", "low, Minor", "info, Minor"})
    void severity(String severity, String cap) {
        assertThat(CapTable.severity(Severity.fromId(severity).orElseThrow())).isEqualTo(cap);
    }

    @ParameterizedTest
    @EnumSource(AlertType.class)
    void everyTypeHasOneRowWithValuesFromCapsLists(AlertType type) {
        CapTable.Row r = CapTable.row(type);
        assertThat(CapSpec.CATEGORY).contains(r.category());
        assertThat(CapSpec.URGENCY).contains(r.urgency());
        assertThat(CapSpec.CERTAINTY).contains(r.certainty());
        assertThat(CapTable.ROWS.stream().filter(x -> x.type() == type)).hasSize(1);
    }

    @Test
    void securityForSuspiciousActivitySafetyForCrowdsInfraForDevices() {
        for (CapTable.Row r : CapTable.ROWS) {
            String expected = switch (r.type().category()) {
                case SUSPICIOUS_ACTIVITY -> "Security";
                case CROWD_RISK -> "Safety";
                case DEVICE_HEALTH -> "Infra";
            };
            assertThat(r.category()).as(r.type().id()).isEqualTo(expected);
        }
    }
}
