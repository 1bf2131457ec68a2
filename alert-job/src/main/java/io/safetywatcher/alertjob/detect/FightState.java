package io.safetywatcher.alertjob.detect;

import java.io.Serializable;

/** One camera's smoothed motion energy. */
public final class FightState implements Serializable {
    private static final long serialVersionUID = 1L;

    boolean started;
    double energy;

    public double energy() { return energy; }
}
