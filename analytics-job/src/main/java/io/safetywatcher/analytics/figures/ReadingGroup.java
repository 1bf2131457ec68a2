package io.safetywatcher.analytics.figures;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The raw readings of one sensor in one local hour of one day, aggregated where they are
 * stored (by Spark): their count, newest time, sum and sum of squares of the value; crowd
 * density readings are split further by density bin ({@code bin} is null for other types).
 */
public record ReadingGroup(String sensorId, String zoneId, String sensorType, LocalDate day, int hour, Integer bin,
                           long count, Instant newest, double sum, double sumSq) implements Serializable {}
