package io.safetywatcher.console.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sessions end when idle or too old, have their own unguessable CSRF token, and are bounded in number. */
class SessionsTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T08:00:00Z"));
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };

    void advance(Duration d) { now.set(now.get().plus(d)); }

    @Test
    void aSessionLivesWhileUsedAndEndsWhenIdle() {
        Sessions s = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(12));
        Sessions.Session olivia = s.open("olivia", Sessions.Role.OPERATOR);
        assertThat(olivia.token()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(olivia.csrf());
        advance(Duration.ofMinutes(29));
        assertThat(s.find(olivia.token())).isPresent();
        advance(Duration.ofMinutes(29));
        assertThat(s.find(olivia.token())).as("used 29 minutes ago").isPresent();
        advance(Duration.ofMinutes(30));
        assertThat(s.find(olivia.token())).isEmpty();
        assertThat(s.find(olivia.token())).isEmpty();
    }

    @Test
    void aSessionEndsAtItsLongestLifeEvenWhenBusy() {
        Sessions s = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(1));
        Sessions.Session a = s.open("a", Sessions.Role.ANALYST);
        for (int i = 0; i < 5; i++) {
            advance(Duration.ofMinutes(11));
            assertThat(s.find(a.token())).isPresent();
        }
        advance(Duration.ofMinutes(6));
        assertThat(s.find(a.token())).isEmpty();
    }

    @Test
    void signingOutAndUnknownTokensFindNothing() {
        Sessions s = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(1));
        Sessions.Session a = s.open("a", Sessions.Role.OPERATOR);
        assertThat(s.find(null)).isEmpty();
        assertThat(s.find("forged")).isEmpty();
        s.close(a.token());
        assertThat(s.find(a.token())).isEmpty();
    }

    @Test
    void theCsrfTokenMustMatchExactly() {
        Sessions.Session a = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(1)).open("a", Sessions.Role.OPERATOR);
        assertThat(a.csrfMatches(a.csrf())).isTrue();
        assertThat(a.csrfMatches(null)).isFalse();
        assertThat(a.csrfMatches("")).isFalse();
        assertThat(a.csrfMatches(a.csrf() + "x")).isFalse();
        assertThat(a.csrfMatches(a.token())).isFalse();
    }

    @Test
    void rolesSayWhoActs() {
        assertThat(Sessions.Role.OPERATOR.acts()).isTrue();
        assertThat(Sessions.Role.ANALYST.acts()).isFalse();
    }

    @Test
    void aFloodOfSignInsDoesNotGrowWithoutBound() {
        Sessions s = new Sessions(clock, Duration.ofMinutes(30), Duration.ofHours(1));
        Sessions.Session first = s.open("first", Sessions.Role.OPERATOR);
        advance(Duration.ofSeconds(1));
        for (int i = 0; i < Sessions.MAX_SESSIONS; i++) {
            s.open("u" + i, Sessions.Role.ANALYST);
        }
        assertThat(s.find(first.token())).as("the least recently used went").isEmpty();
    }

    @Test
    void idleLongerThanTheLongestLifeIsRefused() {
        assertThatThrownBy(() -> new Sessions(clock, Duration.ofHours(2), Duration.ofHours(1))).hasMessageContaining("idle");
        assertThatThrownBy(() -> new Sessions(clock, Duration.ZERO, Duration.ofHours(1))).hasMessageContaining("idle");
    }
}
