package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.alertjob.detect.Condition;
import io.safetywatcher.alertjob.detect.RiskModel;
import io.safetywatcher.alertjob.detect.ZoneDetection;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One zone's detectors and alert lifecycle behind one call: what a streaming job runs per
 * zone key in its stateful operator, with a {@link ZoneWatchState} as the state.
 */
public final class ZoneWatch implements Serializable {
    /** Event time first; the rest only makes ties deterministic. */
    private static final Comparator<ZoneInput> ORDER = Comparator.comparing(ZoneInput::time)
            .thenComparing(ZoneInput::deviceId)
            .thenComparingLong(ZoneInput::seq)
            .thenComparing(i -> i.getClass().getSimpleName())
            .thenComparing(ZoneInput::evidence);

    private final ZoneDetection detection;
    private final AlertLifecycle lifecycle;

    public ZoneWatch(RuleSet rules, Map<String, ZoneFacts> registry) {
        this(rules, registry, RiskModel.NONE);
    }

    /** @param riskModel the learned crowd-risk model, used when the rules say {@code crowd_risk.model: learned} */
    public ZoneWatch(RuleSet rules, Map<String, ZoneFacts> registry, RiskModel riskModel) {
        this.detection = new ZoneDetection(rules, registry, riskModel);
        this.lifecycle = new AlertLifecycle(rules, detection::zone);
    }

    /**
     * Runs one batch of a zone's inputs (any order; they are sorted by event time), then lets
     * time pass to {@code watermark} if one is given.
     */
    public LifecycleOutput process(ZoneWatchState state, Collection<? extends ZoneInput> inputs, List<Silence> silences,
                                   Instant watermark) {
        return process(state, inputs, silences, watermark, Long.MAX_VALUE);
    }

    /**
     * As above, with silence judged no later than {@code settledByMillis}: the event time up to
     * which every source's inputs are known to be applied (Long.MIN_VALUE: none is known yet, so
     * no silence is judged). Direct detection reads one partition's history ahead of another's;
     * the other's devices are not silent, only not read yet.
     */
    public LifecycleOutput process(ZoneWatchState state, Collection<? extends ZoneInput> inputs, List<Silence> silences,
                                   Instant watermark, long settledByMillis) {
        List<ZoneInput> sorted = new ArrayList<>(inputs);
        sorted.sort(ORDER);
        AlertLifecycle.Out out = new AlertLifecycle.Out();
        String zone = null;
        java.time.Duration lateness = detection.rules().allowedLateness();
        for (ZoneInput input : sorted) {
            zone = input.zone();
            // Silence is judged on event time as the inputs go by, however the job batches them: at
            // each input's time less the allowed lateness, every input up to then has been applied.
            Instant at = input.time().minus(lateness);
            if (settledByMillis != Long.MIN_VALUE) {
                at = settledByMillis < at.toEpochMilli() ? Instant.ofEpochMilli(settledByMillis) : at;
                lifecycle.apply(state.alerts(), detection.tick(zone, at, state.detection()), silences, out);
            }
            List<Condition> conditions = detection.detect(input, state.detection());
            lifecycle.apply(state.alerts(), conditions, silences, out);
        }
        if (watermark != null) {
            zone = zone != null ? zone : state.zoneId();
            if (zone != null) {
                // Silence is judged at the zone's clock: every input up to it has been applied.
                lifecycle.apply(state.alerts(), detection.tick(zone, watermark, state.detection()), silences, out);
            }
            lifecycle.advance(state.alerts(), watermark, out);
        }
        if (zone != null) {
            state.zoneId(zone);
        }
        return out.result();
    }

    /** When the zone next needs {@link #process} with no input, for a state timeout. */
    public Optional<Instant> nextDeadline(ZoneWatchState state) {
        Optional<Instant> alerts = lifecycle.nextDeadline(state.alerts());
        Optional<Instant> silence = state.zoneId() == null ? Optional.empty() : detection.nextDue(state.zoneId(), state.detection());
        return alerts.isEmpty() ? silence : silence.isEmpty() ? alerts : Optional.of(alerts.get().isBefore(silence.get()) ? alerts.get() : silence.get());
    }

    public ZoneDetection detection() { return detection; }

    public AlertLifecycle lifecycle() { return lifecycle; }
}
