package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.lifecycle.ZoneWatchState;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.Alert;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.safetywatcher.alertjob.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A zone's state as a released job wrote it to its checkpoint restores in this one and goes
 * on as if there had been no upgrade. The golden files in {@code golden-state/} are a zone
 * half-way through the incidents scenario of {@code ZoneWatchTest}, written by {@link #main}
 * run on each release's classes (Java serialization, as the detect query's state encoder).
 */
class ZoneStateCompatibilityTest {
    /** Where the golden state is cut: crowd-density and crowd-risk are firing, noise has a baseline. */
    static final int CUT = 1140;
    static final int END = 2100;
    static final String ZONE = "z-square";
    /** One file per release whose checkpoints must restore; add the new release's when its state changes. */
    static final List<String> RELEASES = List.of("d4d5763");

    @Test
    void aZoneCheckpointedByEachReleaseGoesOnAsIfUninterrupted() throws Exception {
        RuleSet rules = RuleSet.defaults();
        ZoneWatch watch = watch(rules);
        List<ZoneInput> inputs = incidents();
        ZoneClock uninterrupted = new ZoneClock();
        run(watch, uninterrupted, inputs, 0, CUT, rules);
        List<Alert> expected = run(watch, uninterrupted, inputs, CUT, END, rules);
        assertThat(expected).as("the second half has alerts that need the first half's state")
                .extracting(a -> a.state() + " " + a.type().id()).contains("UPDATED crowd-density", "RESOLVED crowd-risk");

        for (String release : RELEASES) {
            ZoneClock restored;
            try (InputStream in = getClass().getResourceAsStream("/golden-state/zone-clock-" + release + ".bin")) {
                assertThat(in).as("golden state of release " + release).isNotNull();
                restored = (ZoneClock) new ObjectInputStream(new ByteArrayInputStream(in.readAllBytes())).readObject();
            }
            assertThat(restored.watermarkMillis).as(release).isEqualTo(at(CUT - rules.allowedLateness().toSeconds()).toEpochMilli());
            assertThat(run(watch, restored, inputs, CUT, END, rules)).as("after restoring release " + release + "'s state").isEqualTo(expected);
        }
    }

    /**
     * Java serialization computes a class's version from its shape unless it declares one, so
     * adding a method to a state class would make every checkpoint unreadable: every class the
     * state reaches declares it (records are exempt: they are matched by component names).
     */
    @Test
    void everyClassOfTheStateDeclaresItsSerialVersion() {
        Set<Class<?>> reached = new LinkedHashSet<>();
        Deque<Type> todo = new ArrayDeque<>(List.of(ZoneClock.class));
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            if (t instanceof ParameterizedType p) {
                todo.addAll(List.of(p.getActualTypeArguments()));
                t = p.getRawType();
            }
            if (t instanceof Class<?> a && a.isArray()) {
                todo.push(a.getComponentType());
                continue;
            }
            if (!(t instanceof Class<?> c) || c.isPrimitive() || c.getName().startsWith("java.") || !reached.add(c)) {
                continue;
            }
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                        todo.push(f.getGenericType());
                    }
                }
            }
        }
        assertThat(reached).as("the state's classes").hasSizeGreaterThan(10);
        List<String> undeclared = reached.stream().filter(c -> !c.isEnum() && !c.isRecord() && !c.isInterface())
                .filter(c -> !Serializable.class.isAssignableFrom(c) || !declaresSerialVersion(c)).map(Class::getName).toList();
        assertThat(undeclared).as("state classes without a declared serialVersionUID").isEmpty();
    }

    private static boolean declaresSerialVersion(Class<?> c) {
        try {
            Field f = c.getDeclaredField("serialVersionUID");
            return Modifier.isStatic(f.getModifiers()) && ObjectStreamClass.lookup(c) != null;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    static ZoneWatch watch(RuleSet rules) {
        return new ZoneWatch(rules, Map.of(ZONE, new ZoneFacts(ZONE, "square", "00:00-24:00", "UTC", 2)));
    }

    @SuppressWarnings("unchecked")
    static List<ZoneInput> incidents() throws ReflectiveOperationException {
        Method m = Class.forName("io.safetywatcher.alertjob.lifecycle.ZoneWatchTest").getDeclaredMethod("incidents");
        m.setAccessible(true);
        return (List<ZoneInput>) m.invoke(null);
    }

    /** As the job runs a zone: one-minute batches, the zone clock following the newest event less the lateness. */
    static List<Alert> run(ZoneWatch watch, ZoneClock clock, List<ZoneInput> inputs, int from, int to, RuleSet rules) {
        long lateness = rules.allowedLateness().toMillis();
        List<Alert> out = new ArrayList<>();
        for (int s = from; s < to; s += 60) {
            int lo = s;
            List<ZoneInput> batch = inputs.stream().filter(i -> !i.time().isBefore(at(lo)) && i.time().isBefore(at(lo + 60))).toList();
            long newest = at(lo + 60).toEpochMilli();
            long watermark = clock.advanceTo(newest, lateness, newest);
            out.addAll(watch.process(clock.watch, batch, List.of(), java.time.Instant.ofEpochMilli(watermark)).alerts());
        }
        return out;
    }

    /**
     * Writes this build's golden state: run on a release's test classpath (see docs/alert-job.md,
     * "State across releases"), {@code java ... ZoneStateCompatibilityTest alert-job/src/test/resources/golden-state/zone-clock-REL.bin}.
     */
    public static void main(String[] args) throws Exception {
        RuleSet rules = RuleSet.defaults();
        ZoneClock clock = new ZoneClock();
        run(watch(rules), clock, incidents(), 0, CUT, rules);
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            out.writeObject(clock);
        }
    }
}
