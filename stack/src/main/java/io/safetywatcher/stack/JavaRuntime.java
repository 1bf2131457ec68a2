package io.safetywatcher.stack;

import java.nio.file.Path;

/** The servers run on the JVM that runs the stack command; Cassandra 5 needs that to be 17. */
public final class JavaRuntime {
    private JavaRuntime() {}

    public static Path java() { return Path.of(System.getProperty("java.home"), "bin", "java"); }

    /** Throws a message that names the JDK found and the way out unless {@code feature} is 17. */
    public static void require17(int feature, String javaHome) {
        if (feature != 17) {
            throw new StackException("the embedded stack needs Java 17, but this is Java " + feature + " (" + javaHome + "). "
                    + "Cassandra 5 does not run on later JDKs. Set JAVA_HOME to a JDK 17, "
                    + "e.g. JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 ./watcher stack up");
        }
    }

    public static void require17() { require17(Runtime.version().feature(), System.getProperty("java.home")); }
}
