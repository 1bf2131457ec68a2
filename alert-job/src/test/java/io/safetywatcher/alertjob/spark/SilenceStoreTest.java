package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.alertjob.lifecycle.Silence;
import io.safetywatcher.stack.junit.RealStackExtension;
import io.safetywatcher.stack.junit.StackEndpoints;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators may write the silence tables directly, so the job obeys only silences the CLI
 * could have written: a 100-year mute of every type, one without a start or with an unknown
 * type, written with raw CQL, mutes nothing.
 */
@Tag("stack")
@ExtendWith(RealStackExtension.class)
class SilenceStoreTest {

    @Test
    void onlySilencesWithinTheCliCapsAreObeyed(StackEndpoints stack) {
        String zone = "silence-caps-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        UUID twoHours = UUID.randomUUID();
        UUID thirtyDays = UUID.randomUUID();
        try (CqlSession s = stack.openSession()) {
            String insert = "INSERT INTO " + stack.keyspace() + ".silences (silence_id, zone_id, alert_type, starts_at, ends_at, reason) "
                    + "VALUES (?, ?, ?, ?, ?, ?)";
            s.execute(s.prepare(insert).bind(twoHours, zone, "gunshot", now, now.plus(Duration.ofHours(2)), "cup final"));
            s.execute(s.prepare(insert).bind(thirtyDays, zone, null, now, now.plus(Duration.ofDays(30)), "roadworks"));
            s.execute(s.prepare(insert).bind(UUID.randomUUID(), zone, null, now, now.plus(Duration.ofDays(36_500)), "forged"));
            s.execute(s.prepare(insert).bind(UUID.randomUUID(), zone, null, null, now.plus(Duration.ofHours(1)), "no start"));
            s.execute(s.prepare(insert).bind(UUID.randomUUID(), zone, "no-such-type", now, now.plus(Duration.ofHours(1)), "typo"));
        }
        try (CqlSession session = stack.openSession()) {
            List<Silence> obeyed = new SilenceStore(() -> session, stack.keyspace(), Duration.ZERO).get().stream()
                    .filter(x -> x.zone().equals(zone)).toList();
            assertThat(obeyed).extracting(Silence::id).containsExactlyInAnyOrder(twoHours.toString(), thirtyDays.toString());
        }
    }
}
