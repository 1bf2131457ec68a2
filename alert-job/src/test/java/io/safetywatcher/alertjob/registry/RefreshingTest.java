package io.safetywatcher.alertjob.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefreshingTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Deque<Supplier<String>> reads = new ArrayDeque<>();
    private int calls;
    private final Refreshing<String> copy = new Refreshing<>("the test table", () -> {
        calls++;
        return reads.removeFirst().get();
    }, Duration.ofSeconds(30), now::get, Runnable::run);

    private static Supplier<String> fails() {
        return () -> {
            throw new IllegalStateException("Cassandra timeout during read query at consistency LOCAL_QUORUM");
        };
    }

    @Test
    void aFailedRereadKeepsTheLastCopyAndTriesAgainSoon() {
        reads.add(() -> "v1");
        assertThat(copy.get()).isEqualTo("v1");
        now.addAndGet(10_000);
        assertThat(copy.get()).isEqualTo("v1"); // not due: not read
        assertThat(calls).isEqualTo(1);

        now.addAndGet(20_000); // due: a node is down and the read times out
        reads.add(fails());
        assertThat(copy.get()).isEqualTo("v1");
        assertThat(calls).isEqualTo(2);
        now.addAndGet(Refreshing.RETRY_AFTER.toMillis() - 1);
        assertThat(copy.get()).isEqualTo("v1"); // not every batch waits for the timeout again
        assertThat(calls).isEqualTo(2);

        now.addAndGet(1);
        reads.add(() -> "v2");
        assertThat(copy.get()).isEqualTo("v2");
        assertThat(calls).isEqualTo(3);
    }

    @Test
    void theFirstReadHasNothingToFallBackOn() {
        reads.add(fails());
        assertThatThrownBy(copy::get).hasMessageContaining("LOCAL_QUORUM");
        reads.add(() -> "v1");
        assertThat(copy.get()).isEqualTo("v1");
    }

    @Test
    void aRereadOnDemandIsLimitedByItsMinimumAgeAndSurvivesAFailure() {
        reads.add(() -> "v1");
        copy.get();
        now.addAndGet(1_000);
        assertThat(copy.reread(Duration.ofSeconds(2))).isEqualTo("v1");
        assertThat(calls).isEqualTo(1);
        now.addAndGet(1_000);
        reads.add(fails());
        assertThat(copy.reread(Duration.ofSeconds(2))).isEqualTo("v1");
        now.addAndGet(2_000);
        reads.add(() -> "v2");
        assertThat(copy.reread(Duration.ofSeconds(2))).isEqualTo("v2");
    }

    @Test
    void aDueRereadRunsBesideTheCallerWhoGoesOnWithTheCopy() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            Refreshing<String> slow = new Refreshing<>("the test table", () -> {
                calls++;
                if (calls > 1) {
                    try {
                        release.await(); // a read waiting for its timeout
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return "v" + calls;
            }, Duration.ofSeconds(30), now::get, pool);
            assertThat(slow.get()).isEqualTo("v1");
            now.addAndGet(30_000);
            assertThat(slow.get()).as("the copy at hand while the re-read waits").isEqualTo("v1");
            assertThat(slow.get()).isEqualTo("v1");
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(slow.get()).isEqualTo("v2");
            assertThat(calls).as("one re-read, however many callers found it due").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
