package io.safetywatcher.stack.junit;

import java.nio.file.Path;

/** The extension's helpers, for tests (in any module) that run a stack of their own. */
public final class TestHome {
    private TestHome() {}

    public static Path home() { return EmbeddedTestStack.home(); }

    public static int freePort() { return EmbeddedTestStack.freePort(); }

    public static void delete(Path dir) { EmbeddedTestStack.deleteRecursively(dir); }

    /** One of the compose set-up's env files ({@code deploy/*.env}): KEY=VALUE lines, # comments; a line without '=' fails. */
    public static java.util.Map<String, String> envFile(Path file) throws java.io.IOException {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String line : java.nio.file.Files.readAllLines(file)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(file + ": not KEY=VALUE: " + l);
                }
                env.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return env;
    }

    /**
     * Refuses to go on in the fast lane: surefire ({@code mvn test}) sets {@code watcher.test.lane=fast},
     * and there no test may start a server. Called before a test stack starts; a test whose class
     * is tagged {@value RealStackExtension#TAG} runs under failsafe and never gets here from surefire.
     */
    public static void requireIntegrationLane(String what) {
        if ("fast".equals(System.getProperty("watcher.test.lane"))) {
            throw new IllegalStateException(what + " would start servers in the fast lane (mvn test, no server): tag the test class"
                    + " @Tag(\"" + RealStackExtension.TAG + "\") (or @StackTest for the shared stack) so that failsafe runs it in mvn verify");
        }
    }
}
