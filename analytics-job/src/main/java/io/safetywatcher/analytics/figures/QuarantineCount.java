package io.safetywatcher.analytics.figures;

import java.io.Serializable;
import java.time.LocalDate;

/** Quarantined records of one day (the day they were quarantined), device key (may be null or unknown) and reason. */
public record QuarantineCount(LocalDate day, String deviceId, String reason, long count) implements Serializable {}
