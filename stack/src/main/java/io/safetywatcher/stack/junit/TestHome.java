package io.safetywatcher.stack.junit;

import java.nio.file.Path;

/** The extension's helpers, for tests (in any module) that run a stack of their own. */
public final class TestHome {
    private TestHome() {}

    public static Path home() { return EmbeddedTestStack.home(); }

    public static int freePort() { return EmbeddedTestStack.freePort(); }

    public static void delete(Path dir) { EmbeddedTestStack.deleteRecursively(dir); }
}
