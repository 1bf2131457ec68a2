package io.safetywatcher.cli.demo;

import io.safetywatcher.common.config.Durations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scenario's duration and incidents, read just enough to know what to expect, and its start
 * (null when it has none), whose time of day the demo keeps when it moves the timeline to a recent day.
 */
record Scenario(Duration duration, List<String> incidents, Instant start) {
    private static final Pattern DURATION = Pattern.compile("(?m)^duration:\\s*(\\S+)");
    private static final Pattern START = Pattern.compile("(?m)^start:\\s*(\\S+)");
    private static final Pattern INCIDENT = Pattern.compile("(?m)^\\s*-\\s*\\{type:\\s*([a-z-]+),\\s*zone:\\s*([a-z-]+),\\s*at:\\s*(\\S+?)[,}]");

    static Scenario read(Path file) throws IOException {
        String text = Files.readString(file);
        Matcher d = DURATION.matcher(text);
        if (!d.find()) {
            throw new IllegalStateException(file + " has no duration");
        }
        List<String> incidents = new ArrayList<>();
        Matcher m = INCIDENT.matcher(text);
        while (m.find()) {
            incidents.add(m.group(1) + " in " + m.group(2) + " at +" + m.group(3));
        }
        Matcher s = START.matcher(text);
        return new Scenario(Durations.parse(d.group(1)), incidents, s.find() ? Instant.parse(s.group(1)) : null);
    }

    List<String> expectedAlertTypes() {
        return incidents.stream().map(i -> i.substring(0, i.indexOf(' '))).distinct().toList();
    }

    /**
     * The latest start at this scenario's time of day (UTC) whose timeline ends by {@code end}:
     * a night timeline moved to the most recent night that still comes before what follows it.
     */
    Instant latestStartEndingBy(Instant end) {
        if (start == null) {
            throw new IllegalStateException("the scenario has no start to take the time of day from");
        }
        Instant last = end.minus(duration);
        Instant sameDay = last.atOffset(ZoneOffset.UTC).toLocalDate().atTime(start.atOffset(ZoneOffset.UTC).toLocalTime())
                .toInstant(ZoneOffset.UTC);
        return sameDay.isAfter(last) ? sameDay.minus(Duration.ofDays(1)) : sameDay;
    }
}
