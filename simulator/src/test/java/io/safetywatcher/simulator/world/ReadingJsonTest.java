package io.safetywatcher.simulator.world;

import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingJsonTest {

    @Test
    void writesExactlyTheBytesOfTheSharedCodec() {
        ReadingCodec codec = ReadingCodec.standard();
        ReadingJson fast = new ReadingJson();
        SplittableRandom rng = new SplittableRandom(1);
        double[] values = {0, 1, 63.2, 0.05, 1e-5, 12345.678, 100000, 9.99, 1.0E7, 0.1 + 0.2};
        long base = Instant.parse("2024-02-28T23:59:58Z").toEpochMilli();
        for (int i = 0; i < 20_000; i++) {
            long t = base + rng.nextLong(3L * 365 * 86_400_000L);
            if (i % 4 == 0) {
                t -= t % 1000; // whole seconds print without a fraction
            } else if (i % 4 == 1) {
                t -= t % 100;
            }
            SensorType type = SensorType.values()[rng.nextInt(SensorType.values().length)];
            double v = i < values.length ? values[i] : Math.round(rng.nextDouble() * 200 * 100) / 100.0;
            Reading r = Reading.of("snd-station-" + i, type, Instant.ofEpochMilli(t), v, rng.nextLong(1L << 40));
            assertThat(new String(fast.encode(r))).isEqualTo(new String(codec.encode(r)));
        }
        Reading odd = new Reading("we\"ird", SensorType.MOTION, Instant.EPOCH, 1, "state", 0);
        assertThat(fast.encode(odd)).isEqualTo(codec.encode(odd));
    }
}
