package io.safetywatcher.alertjob.vision;

import java.io.Serializable;

/**
 * One connected foreground region that passed the size filter.
 *
 * @param area   foreground pixels in it
 * @param people how many people it most likely holds (a group walking together is one blob)
 */
public record Blob(Box box, int area, int people) implements Serializable {}
