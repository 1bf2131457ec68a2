package io.safetywatcher.analytics.figures;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;

import java.io.Serializable;
import java.time.Duration;

/** The analytics.* configuration keys, checked once. */
public record Settings(int defaultDays, Duration changeMargin, Duration silenceAfter, LevelOfService levels, double trendAlpha)
        implements Serializable {

    public static Settings of(WatcherConfig c) {
        try {
            int days = c.getInt("analytics.days");
            if (days < 1) {
                throw new ConfigException("analytics.days must be at least 1, not " + days);
            }
            double alpha = c.getDouble("analytics.trend-alpha");
            if (!(alpha > 0 && alpha < 1)) { // both ends excluded, which the getter's bounds cannot say
                throw new ConfigException("analytics.trend-alpha must be between 0 and 1, not " + alpha);
            }
            return new Settings(days, c.getDuration("analytics.change-margin"), c.getDuration("analytics.silence-after"),
                    LevelOfService.parse(c.get("analytics.los-thresholds")), alpha);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
