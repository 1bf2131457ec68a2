package io.safetywatcher.alertjob.spark;

import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.DeadLetter;

import java.io.Serializable;

/** What the per-zone stateful step emits: an alert event, or an input that came too late. */
public record ZoneEvent(Alert alert, DeadLetter late) implements Serializable {}
