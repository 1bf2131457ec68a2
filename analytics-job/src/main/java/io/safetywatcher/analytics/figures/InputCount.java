package io.safetywatcher.analytics.figures;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;

/** Input of one device on one day from one raw table (observations count once per frame, not per label). */
public record InputCount(String deviceId, LocalDate day, long records, Instant newest) implements Serializable {}
