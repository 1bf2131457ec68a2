package io.safetywatcher.simulator.scene;

/** What a figure is doing, which decides how it moves. */
public enum Role {
    PASSER_BY, LOITERER, FIGHTER, INTRUDER, FLEEING
}
