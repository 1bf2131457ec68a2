package io.safetywatcher.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One server of the embedded stack, run as a child JVM on its own classpath. */
public interface Server {
    /** "cassandra" or "kafka": names its folder, log and pid file. */
    String name();

    /** The port clients use. */
    int port();

    /** The address it binds: loopback, or one of 127.0.0.0/8 when several nodes share the machine. */
    default String host() { return "127.0.0.1"; }

    /** Environment variables its process needs beyond the launcher's (whose WATCHER_* never pass). */
    default java.util.Map<String, String> environment() { return java.util.Map.of(); }

    /** Every port it binds, all of which must be free before it starts. */
    List<Integer> ports();

    /** Where its data lives, below the stack folder. */
    Path dataDir();

    /** Writes its configuration and prepares storage; safe to call before every start. */
    void prepare() throws IOException;

    /** The JVM options and main class, after {@code java -cp <classpath>}. */
    List<String> jvmArguments();

    /** The folder of jars that is its classpath. */
    Path classpath();

    /** What follows {@code java -cp}: the folder's jars, and for a program module its own jar too. */
    default String classpathSpec() { return classpath().resolve("*").toString(); }

    /** One probe: does it answer a real request now? Never throws. */
    Health probe();

    record Health(boolean healthy, String detail) {
        public static Health ok(String detail) { return new Health(true, detail); }

        public static Health down(String detail) { return new Health(false, detail); }
    }
}
