package io.safetywatcher.simulator.edge;

/**
 * The labels a smart camera's edge analytics reports, each weighted by how much it says about
 * a threat (a weapon far more than someone running). Labels describe behaviour only.
 */
public enum BehaviourLabel {
    CARRYING_WEAPON(1.0),
    FIGHTING(0.9),
    TRESPASSING(0.8),
    UNATTENDED_BAG(0.7),
    AGITATION(0.6),
    FOLLOWING_SOMEONE(0.5),
    DRONE(0.5),
    LOITERING(0.4),
    FALL_DETECTED(0.4),
    CROWD_MOVEMENT(0.3),
    RUNNING(0.2);

    private final double weight;

    BehaviourLabel(double weight) { this.weight = weight; }

    /** The wire name, e.g. {@code unattended_bag}. */
    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

    public double weight() { return weight; }
}
