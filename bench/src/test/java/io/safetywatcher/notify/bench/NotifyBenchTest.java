package io.safetywatcher.notify.bench;

import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench on the test stack: every published critical event reaches the webhook exactly once (the figures are printed, not asserted). */
@StackTest
class NotifyBenchTest {
    @Test
    void everyCriticalEventArrivesOnce(StackEndpoints stack) throws Exception {
        NotifyBench.Result r = NotifyBench.run(stack.config(), 500, 100, new Random(19));
        System.out.println(r.summary());
        assertThat(r.received()).isEqualTo(500);
        assertThat(r.duplicates()).isZero();
    }
}
