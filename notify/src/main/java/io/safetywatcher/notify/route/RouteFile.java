package io.safetywatcher.notify.route;

import io.safetywatcher.common.retry.Backoff;
import io.safetywatcher.common.event.AlertCategory;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.TimeInterval;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.shell.file.FileProblem;
import io.safetywatcher.shell.file.LocatedNode;
import io.safetywatcher.shell.file.LocatedReader;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a routing file (YAML), Alertmanager's layout with this project's alert fields:
 * <pre>
 * time_zone: Europe/Berlin           # for time matchers when the zone's own is not known (default UTC)
 * receivers:
 *   - name: desk
 *     webhook: {url: https://desk.example/hook, body: json, secret_file: /run/desk.key,
 *               timeout: 5s, max_attempts: 8, backoff: {base: 500ms, max: 1m}}
 *   - name: journal
 *     log: {}
 * route:                               # the root takes every event
 *   receiver: journal
 *   group_by: [zone]                   # type, category, zone, severity, fingerprint, alert
 *   group_wait: 30s
 *   group_interval: 5m
 *   repeat_interval: 4h
 *   routes:
 *     - match: {severity_at_least: critical}
 *       receiver: desk
 *       group_wait: 0s
 *       continue: true
 *     - match: {type: [glass-break, break-in], time: [{weekdays: ["saturday:sunday"], times: ["22:00-06:00"]}]}
 *       receiver: desk
 * </pre>
 * Every mistake is a {@link FileProblem} naming the file, line and field.
 */
public final class RouteFile {

    private RouteFile() {}

    public static Routing read(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FileProblem(file.toString(), 0, "", "cannot be read: " + e.getMessage());
        }
        return parse(file.toString(), content);
    }

    public static Routing parse(String fileName, String content) {
        LocatedNode root = LocatedReader.read(fileName, content).allowOnly("time_zone", "receivers", "route");
        ZoneId tz = root.has("time_zone") ? zone(root.field("time_zone")) : ZoneId.of("UTC");
        Map<String, Receiver> receivers = new LinkedHashMap<>();
        for (LocatedNode r : root.field("receivers").list()) {
            Receiver receiver = receiver(r);
            if (receivers.putIfAbsent(receiver.name(), receiver) != null) {
                throw r.field("name").problem("receiver '" + receiver.name() + "' is defined twice");
            }
        }
        LocatedNode top = root.field("route");
        if (top.has("match") || top.has("continue")) {
            throw top.problem("the top route takes every event: it has no 'match' or 'continue'");
        }
        if (!top.has("receiver")) {
            throw top.problem("the top route needs a 'receiver' (the default for routes that name none)");
        }
        Route tree = route(top, "route", null, Grouping.DEFAULT, receivers);
        return new Routing(tree, receivers, tz);
    }

    private static Route route(LocatedNode n, String id, String parentReceiver, Grouping parent, Map<String, Receiver> receivers) {
        n.allowOnly("match", "receiver", "group_by", "group_wait", "group_interval", "repeat_interval", "continue", "routes");
        String receiver = parentReceiver;
        if (n.has("receiver")) {
            LocatedNode r = n.field("receiver");
            receiver = r.text();
            if (!receivers.containsKey(receiver)) {
                throw r.problem("no receiver named '" + receiver + "'; receivers: " + receivers.keySet());
            }
        }
        Grouping grouping = new Grouping(
                n.has("group_by") ? labels(n.field("group_by")) : parent.by(),
                n.has("group_wait") ? n.field("group_wait").duration() : parent.groupWait(),
                n.has("group_interval") ? positive(n.field("group_interval")) : parent.groupInterval(),
                n.has("repeat_interval") ? positive(n.field("repeat_interval")) : parent.repeatInterval());
        Matcher matcher = n.has("match") ? matcher(n.field("match")) : Matcher.ANY;
        boolean cont = n.has("continue") && bool(n.field("continue"));
        List<Route> children = new ArrayList<>();
        if (n.has("routes")) {
            List<LocatedNode> items = n.field("routes").list();
            for (int i = 0; i < items.size(); i++) {
                children.add(route(items.get(i), id + ".routes[" + i + "]", receiver, grouping, receivers));
            }
        }
        return new Route(id, n.line(), matcher, receiver, grouping, cont, children);
    }

    private static Matcher matcher(LocatedNode m) {
        m.allowOnly("type", "category", "zone", "severity", "severity_at_least", "time", "time_zone");
        Set<AlertType> types = m.has("type") ? values(m.field("type"), id -> AlertType.fromId(id).orElse(null), AlertType.values(),
                AlertType::id) : Set.of();
        Set<AlertCategory> categories = m.has("category") ? values(m.field("category"),
                id -> Arrays.stream(AlertCategory.values()).filter(c -> c.id().equals(id)).findFirst().orElse(null),
                AlertCategory.values(), AlertCategory::id) : Set.of();
        Set<String> zones = m.has("zone") ? values(m.field("zone"), z -> z, null, z -> z) : Set.of();
        Severity atLeast = m.has("severity_at_least") ? severity(m.field("severity_at_least")) : null;
        Set<Severity> severity = m.has("severity") ? values(m.field("severity"), id -> Severity.fromId(id).orElse(null),
                Severity.values(), Severity::id) : Set.of();
        List<TimeInterval> times = new ArrayList<>();
        if (m.has("time")) {
            for (LocatedNode w : m.field("time").list()) {
                times.add(interval(w));
            }
        }
        ZoneId tz = m.has("time_zone") ? zone(m.field("time_zone")) : null;
        if (tz != null && times.isEmpty()) {
            throw m.field("time_zone").problem("is only used by 'time'; this matcher has none");
        }
        return new Matcher(types, categories, zones, atLeast, severity, times, tz);
    }

    /**
     * One time interval, written as the rules file writes its {@code time_intervals}:
     * {@code {weekdays: ["monday:friday"], times: ["22:00-06:00"], days_of_month: ["1:7"], months: ["december"]}}.
     */
    private static TimeInterval interval(LocatedNode w) {
        w.allowOnly("weekdays", "times", "days_of_month", "months");
        try {
            return TimeInterval.parse(w.path(), strings(w, "times"), strings(w, "weekdays"), strings(w, "days_of_month"), strings(w, "months"));
        } catch (ConfigException e) {
            throw w.problem(e.getMessage());
        }
    }

    private static List<String> strings(LocatedNode w, String name) {
        if (!w.has(name)) {
            return List.of();
        }
        LocatedNode n = w.field(name);
        return (n.kind() == LocatedNode.Kind.ARRAY ? n.list() : List.of(n)).stream().map(LocatedNode::text).toList();
    }

    private static Receiver receiver(LocatedNode r) {
        r.allowOnly("name", "webhook", "log");
        String name = r.field("name").text();
        if (r.has("webhook") == r.has("log")) {
            throw r.problem("receiver '" + name + "' needs exactly one of 'webhook' or 'log'");
        }
        if (r.has("log")) {
            LocatedNode l = r.field("log");
            if (l.kind() == LocatedNode.Kind.OBJECT) {
                l.allowOnly();
            }
            return new Receiver.Log(name);
        }
        LocatedNode w = r.field("webhook").allowOnly("url", "body", "secret", "secret_file", "timeout", "max_attempts", "backoff");
        URI url = url(w.field("url"));
        Receiver.BodyFormat body = Receiver.BodyFormat.JSON;
        if (w.has("body")) {
            LocatedNode b = w.field("body");
            body = switch (b.text().trim().toLowerCase(Locale.ROOT)) {
                case "json" -> Receiver.BodyFormat.JSON;
                case "cap" -> Receiver.BodyFormat.CAP;
                default -> throw b.problem("body is json or cap, not '" + b.text() + "'");
            };
        }
        if (w.has("secret") && w.has("secret_file")) {
            throw w.field("secret_file").problem("give 'secret' or 'secret_file', not both");
        }
        String secret = "";
        if (w.has("secret")) {
            secret = w.field("secret").text();
        } else if (w.has("secret_file")) {
            LocatedNode f = w.field("secret_file");
            try {
                secret = Files.readString(Path.of(f.text()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw f.problem("cannot read the secret: " + e.getMessage());
            }
            if (secret.isEmpty()) {
                throw f.problem("the secret file is empty");
            }
        }
        Duration timeout = w.has("timeout") ? positive(w.field("timeout")) : Duration.ofSeconds(5);
        int attempts = w.has("max_attempts") ? w.field("max_attempts").integer(1, 1000) : 8;
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60));
        if (w.has("backoff")) {
            LocatedNode b = w.field("backoff").allowOnly("base", "max");
            Duration base = b.has("base") ? positive(b.field("base")) : backoff.base();
            Duration max = b.has("max") ? positive(b.field("max")) : backoff.max();
            if (max.compareTo(base) < 0) {
                throw b.problem("max " + max + " is shorter than base " + base);
            }
            backoff = new Backoff(base, max);
        }
        return new Receiver.Webhook(name, url, body, secret, timeout, attempts, backoff);
    }

    private static URI url(LocatedNode n) {
        try {
            URI u = new URI(n.text().trim());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw n.problem("should be an http:// or https:// URL with a host, not '" + n.text() + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw n.problem("is not a URL: " + e.getMessage());
        }
    }

    private static Duration positive(LocatedNode n) {
        Duration d = n.duration();
        if (d.isZero()) {
            throw n.problem("should be longer than 0s");
        }
        return d;
    }

    private static boolean bool(LocatedNode n) {
        return switch (n.text().trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw n.problem("should be true or false, not '" + n.text() + "'");
        };
    }

    private static ZoneId zone(LocatedNode n) {
        try {
            return ZoneId.of(n.text().trim());
        } catch (DateTimeException e) {
            throw n.problem("'" + n.text() + "' is not a time zone; write an IANA id like Europe/Berlin");
        }
    }

    private static Severity severity(LocatedNode n) {
        return Severity.fromId(n.text().trim()).orElseThrow(() -> n.problem("'" + n.text() + "' is not a severity; one of "
                + Arrays.stream(Severity.values()).map(Severity::id).toList()));
    }

    private static List<Grouping.Label> labels(LocatedNode n) {
        List<Grouping.Label> labels = new ArrayList<>();
        for (LocatedNode item : n.list()) {
            String t = item.text().trim();
            Grouping.Label l = "...".equals(t) ? Grouping.Label.ALERT
                    : Arrays.stream(Grouping.Label.values()).filter(x -> x.id().equals(t)).findFirst().orElseThrow(() -> item.problem(
                            "cannot group by '" + t + "'; one of " + Arrays.stream(Grouping.Label.values()).map(Grouping.Label::id).toList()
                                    + " or '...'"));
            if (labels.contains(l)) {
                throw item.problem("'" + t + "' is listed twice");
            }
            labels.add(l);
        }
        return labels;
    }

    /** One value or a list of them, each checked; {@code known} null: any text. */
    private static <T> Set<T> values(LocatedNode n, Function<String, T> parse, T[] known, Function<T, String> id) {
        Set<T> out = new HashSet<>();
        for (LocatedNode item : n.kind() == LocatedNode.Kind.ARRAY ? n.list() : List.of(n)) {
            String t = item.text().trim();
            T v = parse.apply(t);
            if (v == null) {
                throw item.problem("'" + t + "' is not one of " + Arrays.stream(known).map(id).toList());
            }
            out.add(v);
        }
        if (out.isEmpty()) {
            throw n.problem("is an empty list; leave the field out to match any value");
        }
        return out;
    }
}
