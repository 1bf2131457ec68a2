package io.safetywatcher.console.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in desks. A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie;
 * it ends after {@code idle} without a request or {@code longest} after sign-in, whichever
 * comes first. Each session has its own CSRF token, which every state-changing request must
 * echo in a header: a page of another origin can make the browser send the cookie, but it
 * cannot read the token. Kept in memory: a restart signs everyone out, which is the safe side.
 */
public final class Sessions {
    /** Beyond this many live sessions the oldest is dropped: a flood of sign-ins must not grow the heap. */
    static final int MAX_SESSIONS = 10_000;

    public enum Role {
        /** Acts on alerts: acknowledge, assign, comment, resolve, silence. */
        OPERATOR,
        /** Reads everything, acts on nothing. */
        ANALYST;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

        public boolean acts() { return this == OPERATOR; }
    }

    public record Session(String token, String account, Role role, String csrf, Instant signedIn, Instant lastSeen) {
        Session seen(Instant now) { return new Session(token, account, role, csrf, signedIn, now); }

        /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
        public boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private final Clock clock;
    private final Duration idle;
    private final Duration longest;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> live = new ConcurrentHashMap<>();

    public Sessions(Clock clock, Duration idle, Duration longest) {
        if (idle.isNegative() || idle.isZero() || longest.compareTo(idle) < 0) {
            throw new IllegalArgumentException("a session's idle time must be > 0 and at most its longest life, not " + idle + " / " + longest);
        }
        this.clock = clock;
        this.idle = idle;
        this.longest = longest;
    }

    /** A new session for an account whose password has been checked. */
    public Session open(String account, Role role) {
        if (live.size() >= MAX_SESSIONS) {
            expire();
            if (live.size() >= MAX_SESSIONS) {
                live.values().stream().min(java.util.Comparator.comparing(Session::lastSeen)).ifPresent(s -> live.remove(s.token()));
            }
        }
        Instant now = clock.instant();
        Session s = new Session(token(), account, role, token(), now, now);
        live.put(s.token(), s);
        return s;
    }

    /** The live session of {@code token}, its idle clock restarted; empty when unknown or expired. */
    public Optional<Session> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = live.get(token);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            live.remove(token);
            return Optional.empty();
        }
        Session seen = s.seen(now);
        live.put(token, seen);
        return Optional.of(seen);
    }

    public void close(String token) {
        if (token != null) {
            live.remove(token);
        }
    }

    public long idleSeconds() { return idle.toSeconds(); }

    /** Seconds a cookie may live: the session's longest life. */
    public long maxAgeSeconds() { return longest.toSeconds(); }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastSeen().plus(idle)) || !now.isBefore(s.signedIn().plus(longest));
    }

    private void expire() {
        Instant now = clock.instant();
        live.values().removeIf(s -> expired(s, now));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
