package io.safetywatcher.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.codec.Json;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrinterTest {
    static String print(Format f, boolean colour, Table... t) {
        StringWriter w = new StringWriter();
        new Printer(new PrintWriter(w), f, colour).print(t);
        return w.toString();
    }

    static Table sample() {
        return new Table("alerts", "id", "severity", "summary", "score", "devices", "ended_at")
                .add("a1", "critical", "shots, \"three\"", 0.5, List.of("d1", "d2"), null)
                .add("a2", "low", "plain", 2.0, List.of(), Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Test
    void csvQuotesCommasAndQuotes() {
        assertThat(print(Format.CSV, false, sample()).lines().toList()).containsExactly(
                "id,severity,summary,score,devices,ended_at",
                "a1,critical,\"shots, \"\"three\"\"\",0.500,d1 d2,",
                "a2,low,plain,2.0,,2026-11-22T10:00:00Z");
    }

    @Test
    void jsonKeepsTypes() throws Exception {
        JsonNode n = Json.MAPPER.readTree(print(Format.JSON, false, sample()));
        assertThat(n.get(0).get("score").isNumber()).isTrue();
        assertThat(n.get(0).get("devices").isArray()).isTrue();
        assertThat(n.get(0).get("ended_at").isNull()).isTrue();
        JsonNode two = Json.MAPPER.readTree(print(Format.JSON, false, sample(), new Table("events", "at")));
        assertThat(two.has("alerts")).isTrue();
        assertThat(two.get("events").isArray()).isTrue();
    }

    @Test
    void tableAlignsAndColoursSeverityOnlyWhenAsked() {
        String plain = print(Format.TABLE, false, sample());
        assertThat(plain.lines().toList().get(1)).startsWith("a1  critical  ");
        assertThat(plain).doesNotContain("\u001b[");
        assertThat(print(Format.TABLE, true, sample())).contains("\u001b[1;31mcritical").contains("\u001b[36mlow");
        assertThat(print(Format.CSV, true, sample())).doesNotContain("\u001b[");
    }
}
