package io.safetywatcher.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.event.Incident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The incidents of a simulator truth file ({@code --truth FILE}: one JSON object a line), as the evaluation and the crowd-risk training read it.
 * Lines of other kinds (the broken records {@code --bad-rate} mixed in) are not incidents
 * and are skipped; a line that claims to be an incident but is not a valid one is an error
 * naming the line, because a silently dropped incident would inflate the figures.
 */
public final class GroundTruth {
    private GroundTruth() {}

    public static List<Incident> read(Path file) throws IOException {
        List<Incident> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": not JSON: " + e.getMessage());
            }
            if (!"incident".equals(node.path("kind").asText("incident"))) {
                continue;
            }
            Decoded<Incident> d = IncidentCodec.decode(line.getBytes(StandardCharsets.UTF_8));
            if (!d.isOk()) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": not an incident: " + d.rejection());
            }
            out.add(d.value());
        }
        return out;
    }
}
