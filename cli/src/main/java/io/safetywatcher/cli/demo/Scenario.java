package io.safetywatcher.cli.demo;

import io.safetywatcher.common.config.Durations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scenario's duration and incidents, read just enough to know what to expect. */
record Scenario(Duration duration, List<String> incidents) {
    private static final Pattern DURATION = Pattern.compile("(?m)^duration:\\s*(\\S+)");
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
        return new Scenario(Durations.parse(d.group(1)), incidents);
    }

    List<String> expectedAlertTypes() {
        return incidents.stream().map(i -> i.substring(0, i.indexOf(' '))).distinct().toList();
    }
}
