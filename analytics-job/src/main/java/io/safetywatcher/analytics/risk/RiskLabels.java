package io.safetywatcher.analytics.risk;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.risk.RiskClass;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The class of a zone-minute, from what is known to have happened: the simulator's truth (a
 * crowd surge HIGH, a crowd-density incident MEDIUM, over [start, end)) and operators' verdicts on
 * crowd-risk alerts (a true alarm the alert's class, a false alarm NONE, over the alert's window).
 * The truth wins where both speak (an operator's verdict is a judgement, the simulator's is what it
 * injected); of several incidents, or several verdicts, the highest class wins. Every other minute
 * is NONE.
 */
public final class RiskLabels implements Serializable {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** One labelled window of a zone. */
    private record Window(Instant start, Instant end, RiskClass label) implements Serializable {
        boolean overlapsMinute(Instant minute) {
            return minute.isBefore(end) && minute.plus(MINUTE).isAfter(start);
        }
    }

    private final Map<String, List<Window>> truth = new HashMap<>();
    private final Map<String, List<Window>> verdicts = new HashMap<>();
    private final int incidents;
    private final int verdictCount;

    public RiskLabels(List<Incident> incidents, List<Verdict> verdicts) {
        int crowd = 0;
        for (Incident i : incidents) {
            Optional<RiskClass> c = classOf(i.type());
            if (c.isPresent()) {
                truth.computeIfAbsent(i.zone(), k -> new ArrayList<>()).add(new Window(i.start(), i.end(), c.get()));
                crowd++;
            }
        }
        for (Verdict v : verdicts) {
            this.verdicts.computeIfAbsent(v.zone(), k -> new ArrayList<>()).add(new Window(v.started(), v.ended(), v.label()));
        }
        this.incidents = crowd;
        this.verdictCount = verdicts.size();
    }

    /** The class a simulated incident of this type stands for; empty for incidents that are no crowd risk. */
    static Optional<RiskClass> classOf(AlertType type) {
        return switch (type) {
            case CROWD_SURGE -> Optional.of(RiskClass.HIGH);
            case CROWD_DENSITY -> Optional.of(RiskClass.MEDIUM);
            default -> Optional.empty();
        };
    }

    /** The class of the minute beginning at {@code minute} in {@code zone}. */
    public RiskClass of(String zone, Instant minute) {
        Optional<RiskClass> t = highest(truth.get(zone), minute);
        if (t.isPresent()) {
            return t.get();
        }
        return highest(verdicts.get(zone), minute).orElse(RiskClass.NONE);
    }

    private static Optional<RiskClass> highest(List<Window> windows, Instant minute) {
        if (windows == null) {
            return Optional.empty();
        }
        RiskClass best = null;
        for (Window w : windows) {
            if (w.overlapsMinute(minute) && (best == null || w.label().compareTo(best) > 0)) {
                best = w.label();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Crowd incidents of the truth that label minutes. */
    public int crowdIncidents() { return incidents; }

    public int verdicts() { return verdictCount; }

    /** Whether anything at all says what happened: without it every minute is NONE and there is nothing to learn. */
    public boolean isEmpty() { return incidents == 0 && verdictCount == 0; }
}
