package io.safetywatcher.simulator.scene;

/** A person in a camera's view, on the ground plane (metres). Mutable: the crowd steps it. */
final class Walker {
    double x;
    double z;
    double tx;
    double tz;
    double speed;
    double phase;
    double armSwing;
    final int shirt;
    final int trousers;
    final double build;
    Role role;
    String incident;
    double anchorX;
    double anchorZ;

    Walker(double x, double z, double tx, double tz, double speed, int shirt, int trousers, double build, Role role) {
        this.x = x;
        this.z = z;
        this.tx = tx;
        this.tz = tz;
        this.speed = speed;
        this.shirt = shirt;
        this.trousers = trousers;
        this.build = build;
        this.role = role;
    }
}
