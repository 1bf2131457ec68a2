package io.safetywatcher.analytics.model;

import java.time.Instant;

/** One stored alert with what a human did with it ({@code acknowledged}, {@code ackAt}, {@code falseAlarm} may be null). */
public record AlertRow(String id, String type, String zone, Instant startedAt, Boolean acknowledged, Instant ackAt, Boolean falseAlarm) {}
