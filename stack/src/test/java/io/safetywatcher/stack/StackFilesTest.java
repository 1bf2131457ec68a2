package io.safetywatcher.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A secure stack's folders and files are its owner's only; a plaintext stack's keep the defaults. Real files, no servers. */
class StackFilesTest {

    static String mode(Path p) throws Exception { return PosixFilePermissions.toString(Files.getPosixFilePermissions(p)); }

    @Test
    void aSecureStackMakesPrivateFoldersAndFilesAndItsProcessesDoToo(@TempDir Path tmp) throws Exception {
        StackFiles files = new StackFiles(true);
        Path conf = tmp.resolve("stack/kafka/conf");
        files.createDirectories(conf);
        assertThat(mode(tmp.resolve("stack"))).isEqualTo("rwx------");
        assertThat(mode(conf)).isEqualTo("rwx------");

        // A configuration left 644 by an older version is 600 before the new text is in it.
        Path props = conf.resolve("server.properties");
        Files.writeString(props, "old");
        Files.setPosixFilePermissions(props, PosixFilePermissions.fromString("rw-r--r--"));
        files.write(props, "ssl.keystore.password=secret\n");
        assertThat(mode(props)).isEqualTo("rw-------");
        assertThat(Files.readString(props)).isEqualTo("ssl.keystore.password=secret\n");

        // What a server writes, under the command's umask: a folder and a file.
        Process p = new ProcessBuilder(files.command(List.of("/bin/sh", "-c", "mkdir data && echo x > data/segment.log")))
                .directory(conf.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(mode(conf.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(conf.resolve("data/segment.log"))).isEqualTo("rw-------");
    }

    @Test
    void tighteningTakesTheOthersAccessOffAnOlderSecureFolder(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("stack");
        Files.createDirectories(dir.resolve("cassandra/data/system"));
        Path sstable = Files.writeString(dir.resolve("cassandra/data/system/nb-1-big-Data.db"), "rows");
        Path script = Files.writeString(dir.resolve("run.sh"), "true");
        Files.setPosixFilePermissions(sstable, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("cassandra/data"), PosixFilePermissions.fromString("rwxrwxr-x"));

        new StackFiles(true).tighten(dir);

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("cassandra/data"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("cassandra/data/system"))).isEqualTo("rwx------");
        assertThat(mode(sstable)).isEqualTo("rw-------");
        assertThat(mode(script)).as("the owner's own bits stay").isEqualTo("rwx------");
    }

    @Test
    void aPlaintextStackKeepsTheDefaults(@TempDir Path tmp) throws Exception {
        StackFiles files = new StackFiles(false);
        Path f = tmp.resolve("a/b/c.txt");
        files.write(f, "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        files.tighten(tmp.resolve("a"));
        assertThat(mode(f)).isEqualTo("rw-r--r--");
        assertThat(files.command(List.of("java", "-version"))).containsExactly("java", "-version");
    }
}
