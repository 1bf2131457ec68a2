package io.safetywatcher.simulator;

import io.safetywatcher.common.event.Incident;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.incident.IncidentTimeline;
import io.safetywatcher.simulator.incident.InjectedIncident;
import io.safetywatcher.simulator.life.NormalLife;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuietTailTest {
    private static final long START = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
    private static final long END = START + Duration.ofHours(6).toMillis();
    private static final long TAIL_FROM = END - Duration.ofMinutes(30).toMillis();

    private static List<Incident> randomIncidents(Duration quietTail) {
        City city = Runs.testCity();
        IncidentTimeline timeline = new IncidentTimeline(city, new NormalLife(city, 7), 7, 40, List.of(), START, END, quietTail);
        timeline.ensureThrough(END);
        return timeline.all().stream().map(InjectedIncident::incident).toList();
    }

    @Test
    void noRandomIncidentGoesOnIntoTheQuietTailAndTheOthersStayAsTheyWere() {
        List<Incident> cut = randomIncidents(Duration.ZERO);
        List<Incident> quiet = randomIncidents(Duration.ofMinutes(30));
        // Without a tail, 40 an hour leave some going on in the last half hour (the check has teeth).
        assertThat(cut).anySatisfy(i -> assertThat(i.end().toEpochMilli()).isGreaterThan(TAIL_FROM));
        assertThat(quiet).isNotEmpty().allSatisfy(i -> assertThat(i.end().toEpochMilli()).isLessThanOrEqualTo(TAIL_FROM));
        // The hours' draws do not shift: every incident kept is one the run without a tail has too.
        assertThat(cut).containsAll(quiet);
        assertThat(quiet.size()).isGreaterThan(cut.size() / 2);
    }
}
