package io.safetywatcher.store;

import com.datastax.oss.driver.api.core.cql.Row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/** Tables partitioned by UTC day, read newest day first over a period until enough rows match. */
public final class DayPartitions {
    private DayPartitions() {}

    /** The UTC day of an instant: the day partition it belongs to. */
    public static LocalDate day(Instant t) { return t.atZone(ZoneOffset.UTC).toLocalDate(); }

    /**
     * Rows of the days from {@code until}'s back to {@code since}'s, each day as {@code read}
     * returns it, mapped and kept while fewer than {@code limit} matched and not cancelled.
     */
    public static <T> List<T> newestFirst(Instant since, Instant until, int limit, BooleanSupplier cancelled,
                                          Function<LocalDate, Iterable<Row>> read, Function<Row, T> map, Predicate<T> keep) {
        List<T> out = new ArrayList<>();
        LocalDate first = day(since);
        for (LocalDate d = day(until); !d.isBefore(first) && out.size() < limit && !cancelled.getAsBoolean(); d = d.minusDays(1)) {
            for (Row r : read.apply(d)) {
                T x = map.apply(r);
                if (keep.test(x)) {
                    out.add(x);
                    if (out.size() >= limit) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}
