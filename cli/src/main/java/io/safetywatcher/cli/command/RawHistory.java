package io.safetywatcher.cli.command;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.cli.store.AlertStore;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Consumer;

/** Reads a device's day-bucketed raw table (readings, frames) newest first over a period. */
final class RawHistory {
    private RawHistory() {}

    /** {@code select} must end with "WHERE <device> = ? AND day = ? AND ts >= ? AND ts < ?". @return rows read */
    static int read(CqlSession session, String select, String device, Instant since, Instant until, int limit, Consumer<Row> row) {
        PreparedStatement ps = session.prepare(select);
        int n = 0;
        LocalDate first = AlertStore.day(since);
        for (LocalDate d = AlertStore.day(until); !d.isBefore(first) && n < limit && !OperatorCommand.cancelled(); d = d.minusDays(1)) {
            for (Row r : session.execute(ps.bind(device, d, since, until))) {
                row.accept(r);
                if (++n >= limit) {
                    break;
                }
            }
        }
        return n;
    }
}
