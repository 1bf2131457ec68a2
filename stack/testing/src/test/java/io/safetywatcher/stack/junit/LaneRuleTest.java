package io.safetywatcher.stack.junit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The lanes keep themselves apart: a class that uses {@link RealStackExtension} without the tag
 * "stack" fails before any server starts, and in the fast lane no test stack starts at all. The
 * fixtures run in a launcher of their own, with watcher.test.lane=fast (as surefire sets it), so
 * none of them can start a server.
 */
class LaneRuleTest {
    private static String lane;

    @BeforeAll
    static void fastLane() {
        lane = System.setProperty("watcher.test.lane", "fast");
    }

    @AfterAll
    static void restore() {
        if (lane == null) {
            System.clearProperty("watcher.test.lane");
        } else {
            System.setProperty("watcher.test.lane", lane);
        }
    }

    @ExtendWith(RealStackExtension.class)
    static class Untagged {
        @Test
        void needsTheStack(StackEndpoints stack) { }
    }

    @Tag("stack")
    @ExtendWith(RealStackExtension.class)
    static class TaggedByHand {
        @Test
        void needsTheStack(StackEndpoints stack) { }
    }

    @StackTest
    static class Annotated {
        @Test
        void needsTheStack(StackEndpoints stack) { }
    }

    static class UntaggedMethod {
        @Test
        @ExtendWith(RealStackExtension.class)
        void needsTheStack(StackEndpoints stack) { }
    }

    static Throwable onlyFailure(Class<?> fixture) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsSucceededCount()).as("tests of %s that passed", fixture.getSimpleName()).isZero();
        assertThat(summary.getFailures()).as("failures of %s", fixture.getSimpleName()).hasSize(1);
        return summary.getFailures().get(0).getException();
    }

    @Test
    void anUntaggedClassThatUsesTheStackFailsNamingItselfAndTheCure() {
        assertThat(onlyFailure(Untagged.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(Untagged.class.getName() + " uses RealStackExtension but is not tagged \"stack\"")
                .hasMessageContaining("@" + StackTest.class.getName())
                .hasMessageContaining("@Tag(\"stack\")");
    }

    @Test
    void soDoesAnUntaggedMethodThatUsesTheStack() {
        assertThat(onlyFailure(UntaggedMethod.class)) // JUnit wraps it in a ParameterResolutionException
                .hasMessageContaining(UntaggedMethod.class.getName() + " uses RealStackExtension but is not tagged");
    }

    @Test
    void bothSpellingsOfTheTagPassTheCheckAndTheFastLaneStillStartsNoServer() {
        for (Class<?> fixture : new Class<?>[] {TaggedByHand.class, Annotated.class}) {
            assertThat(onlyFailure(fixture))
                    .as(fixture.getSimpleName())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the shared test stack would start servers in the fast lane");
        }
    }

    @Test
    void aSecureStackOfATestsOwnRefusesTheFastLane() {
        assertThatThrownBy(() -> SecureTestStack.start("never-started"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the secure test stack never-started would start servers in the fast lane");
    }
}
