package io.safetywatcher.analytics.risk;

import io.safetywatcher.common.risk.RiskFeatures;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One training row: a zone's crowd-risk features in one UTC minute (its first instant). */
public record ZoneMinute(String zone, Instant minute, RiskFeatures features) implements Serializable {
    public LocalDate day() { return LocalDate.ofInstant(minute, ZoneOffset.UTC); }
}
