package io.safetywatcher.simulator.scene;

import io.safetywatcher.simulator.incident.InjectedIncident;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The people one camera sees. Passers-by enter at the edges and cross on fairly straight
 * paths, slowing as it gets denser (Fruin); arrivals are paced so the head count tracks the
 * zone's density (Little's law: arrivals = count × speed ÷ path length). Incidents add their
 * own figures: a loiterer who stays, fighters lunging at each other, intruders in a closed
 * zone; shots send everyone running.
 */
public final class Crowd {
    static final int MAX_FIGURES = 1500;
    static final int SHIRTS = 12;
    static final int TROUSERS = 5;

    private final CameraGeometry g;
    private final String cameraId;
    private final List<Walker> walkers = new ArrayList<>();
    private final Set<String> staged = new HashSet<>();
    private boolean populated;

    public Crowd(CameraGeometry g, String cameraId) {
        this.g = g;
        this.cameraId = cameraId;
    }

    List<Walker> walkers() { return walkers; }

    public int size() { return walkers.size(); }

    /** Where in the image the feet of the figures in this role stand, (u, v) each: the truth a trial checks the camera's tracks against. */
    public List<double[]> feet(Role role) {
        List<double[]> out = new ArrayList<>();
        for (Walker w : walkers) {
            if (w.role == role) {
                out.add(new double[] {g.u(w.x, w.z), g.v(w.z)});
            }
        }
        return out;
    }

    /**
     * Advances to a frame.
     *
     * @param target    how many passers-by the density calls for in view
     * @param incidents incidents of the zone active now
     */
    public void step(long t, double dtSeconds, double target, double density, List<InjectedIncident> incidents, SplittableRandom rng) {
        double walkSpeed = Math.max(0.25, 1.34 * (1 - 0.266 * Math.min(density, 3.6)));
        boolean panic = false;
        for (InjectedIncident i : incidents) {
            if (!i.activeAt(t)) {
                continue;
            }
            boolean mine = cameraId.equals(i.camera());
            switch (i.type()) {
                case LOITERING -> { if (mine) stage(i, 1, Role.LOITERER, rng); }
                case FIGHT -> { if (mine) stage(i, 2 + (int) Math.round(2 * i.intensity()), Role.FIGHTER, rng); }
                case INTRUSION -> { if (mine) stage(i, i.intensity() > 0.7 ? 2 : 1, Role.INTRUDER, rng); }
                case BREAK_IN -> { if (mine && t - i.startMs() >= 25_000) stage(i, 1, Role.INTRUDER, rng); }
                case GUNSHOT -> panic = true;
                default -> { }
            }
        }
        if (!populated) {
            populated = true;
            int n = (int) Math.min(MAX_FIGURES, Math.round(target));
            for (int k = 0; k < n; k++) {
                Walker w = enter(rng, walkSpeed);
                double f = rng.nextDouble(); // somewhere along its path already
                w.x += (w.tx - w.x) * f;
                w.z += (w.tz - w.z) * f;
                walkers.add(w);
            }
        }
        int passers = 0;
        for (Walker w : walkers) {
            if (w.role == Role.PASSER_BY) {
                passers++;
            }
        }
        if (!panic && passers < MAX_FIGURES) {
            double meanPath = g.halfWidth((g.zNear() + g.zFar()) / 2) * 2;
            double rate = target * walkSpeed / meanPath;
            // Pull toward the target when the count has drifted (after a surge, or shots).
            double correction = Math.max(0.2, Math.min(3, 1 + (target - passers) / Math.max(4, target)));
            int arrivals = poisson(rng, rate * correction * dtSeconds);
            for (int k = 0; k < arrivals && passers + k < MAX_FIGURES; k++) {
                walkers.add(enter(rng, walkSpeed));
            }
        }
        Iterator<Walker> it = walkers.iterator();
        while (it.hasNext()) {
            Walker w = it.next();
            if (w.incident != null && !active(w.incident, incidents, t)) {
                w.role = Role.PASSER_BY; // the incident is over: they walk off
                w.incident = null;
                exitPath(w, rng);
                w.speed = 1.3;
            }
            if (panic && w.role == Role.PASSER_BY) {
                w.role = Role.FLEEING;
                exitPath(w, rng);
                w.speed = 3.5 + rng.nextDouble();
            }
            if (move(w, dtSeconds, walkSpeed, rng)) {
                it.remove();
            }
        }
    }

    private void stage(InjectedIncident i, int n, Role role, SplittableRandom rng) {
        if (!staged.add(i.incident().id())) {
            return;
        }
        double az = g.zNear() + 1.5 + rng.nextDouble() * Math.max(0.5, (g.zFar() - g.zNear()) * 0.5);
        double ax = (rng.nextDouble() - 0.5) * g.halfWidth(az);
        for (int k = 0; k < n; k++) {
            // Fighters stand an arm's length apart and lunge; others start near the anchor.
            double ox = role == Role.FIGHTER ? (k - (n - 1) / 2.0) * 1.0 : (rng.nextDouble() - 0.5) * 2;
            double oz = role == Role.FIGHTER ? (k % 2) * 0.4 : (rng.nextDouble() - 0.5) * 2;
            Walker w = new Walker(ax + ox, az + oz, ax + ox, az + oz, role == Role.INTRUDER ? 0.7 : 0.3,
                    rng.nextInt(SHIRTS), rng.nextInt(TROUSERS), 0.9 + 0.2 * rng.nextDouble(), role);
            w.incident = i.incident().id();
            w.anchorX = ax + ox;
            w.anchorZ = az + oz;
            walkers.add(w);
        }
    }

    private static boolean active(String id, List<InjectedIncident> incidents, long t) {
        for (InjectedIncident i : incidents) {
            if (i.incident().id().equals(id) && i.activeAt(t)) {
                return true;
            }
        }
        return false;
    }

    /** Moves one figure; true when it has left the view. */
    private boolean move(Walker w, double dt, double walkSpeed, SplittableRandom rng) {
        switch (w.role) {
            case FIGHTER -> {
                // Violent, erratic motion around the spot: lunges, shoves, swinging arms.
                w.x = w.anchorX + 0.45 * rng.nextGaussian();
                w.z = w.anchorZ + 0.3 * rng.nextGaussian();
                w.armSwing = rng.nextDouble() * 2 - 1;
                w.phase += 1.5 + rng.nextDouble();
                return false;
            }
            case LOITERER, INTRUDER -> {
                double radius = w.role == Role.LOITERER ? 1.2 : 4.0;
                if (Math.hypot(w.tx - w.x, w.tz - w.z) < 0.2) {
                    w.tx = clampX(w.anchorX + (rng.nextDouble() - 0.5) * 2 * radius, w.anchorZ);
                    w.tz = clampZ(w.anchorZ + (rng.nextDouble() - 0.5) * 2 * radius);
                }
                walkToward(w, w.speed * dt);
                return false;
            }
            default -> {
                double speed = w.role == Role.FLEEING ? w.speed : Math.min(w.speed, walkSpeed * (0.8 + 0.4 * (w.build - 0.9) / 0.2));
                walkToward(w, speed * dt);
                return w.z < g.zNear() - 1.5 || w.z > g.zFar() + 1 || Math.abs(w.x) > g.halfWidth(Math.max(w.z, 0.5)) * 1.2 + 1
                        || Math.hypot(w.tx - w.x, w.tz - w.z) < 0.05;
            }
        }
    }

    private void walkToward(Walker w, double step) {
        double dx = w.tx - w.x;
        double dz = w.tz - w.z;
        double d = Math.hypot(dx, dz);
        if (d <= step || d == 0) {
            w.x = w.tx;
            w.z = w.tz;
        } else {
            w.x += dx / d * step;
            w.z += dz / d * step;
        }
        w.phase += step * 3.2; // about one stride per 0.6 m
        w.armSwing = Math.sin(w.phase) * 0.4;
    }

    /** A new passer-by just outside an edge, heading across. */
    private Walker enter(SplittableRandom rng, double walkSpeed) {
        double zLo = g.zNear() + 0.3;
        double zHi = g.zFar() - 0.3;
        double z0;
        double x0;
        double z1;
        double x1;
        if (rng.nextDouble() < 0.7) {
            // From one side to the other.
            z0 = zLo + (zHi - zLo) * rng.nextDouble();
            z1 = Math.max(zLo, Math.min(zHi, z0 + (rng.nextDouble() - 0.5) * 4));
            double side = rng.nextBoolean() ? 1 : -1;
            x0 = side * (g.halfWidth(z0) + 0.5);
            x1 = -side * (g.halfWidth(z1) + 0.8);
        } else {
            // Along the view: from the far edge toward the camera, or away from it.
            boolean toward = rng.nextBoolean();
            z0 = toward ? g.zFar() + 0.3 : g.zNear() - 1.2;
            z1 = toward ? g.zNear() - 1.4 : g.zFar() + 0.6;
            x0 = (rng.nextDouble() - 0.5) * 1.6 * g.halfWidth(Math.max(z0, g.zNear()));
            x1 = (rng.nextDouble() - 0.5) * 1.6 * g.halfWidth(Math.max(z1, g.zNear()));
        }
        double speed = walkSpeed * (0.8 + 0.4 * rng.nextDouble());
        return new Walker(x0, z0, x1, z1, speed, rng.nextInt(SHIRTS), rng.nextInt(TROUSERS), 0.9 + 0.2 * rng.nextDouble(), Role.PASSER_BY);
    }

    private void exitPath(Walker w, SplittableRandom rng) {
        double side = w.x >= 0 ? 1 : -1;
        w.tx = side * (g.halfWidth(Math.max(w.z, g.zNear())) + 2);
        w.tz = w.z + (rng.nextDouble() - 0.5);
    }

    private double clampX(double x, double z) {
        double h = g.halfWidth(z) * 0.85;
        return Math.max(-h, Math.min(h, x));
    }

    private double clampZ(double z) { return Math.max(g.zNear() + 0.5, Math.min(g.zFar() - 0.5, z)); }

    static int poisson(SplittableRandom rng, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = rng.nextDouble();
        while (p > l) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }
}
