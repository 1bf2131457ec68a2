package io.safetywatcher.stack;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a stack makes its folders, files and server processes. On a secure stack everything is
 * its owner's only: folders 700, files 600, and the servers run under {@code umask 077} so the
 * segments, SSTables and checkpoints they write are private too. A plaintext stack keeps the
 * process's defaults.
 */
final class StackFiles {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final boolean ownerOnly;

    StackFiles(boolean ownerOnly) { this.ownerOnly = ownerOnly; }

    static StackFiles of(StackSettings s) { return new StackFiles(s.secure()); }

    /** Creates the folder and its missing parents (700 each on a secure stack). */
    void createDirectories(Path dir) throws IOException {
        if (!ownerOnly) {
            Files.createDirectories(dir);
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        }
    }

    /** Replaces the file's text; on a secure stack the file is made 600 before the text is in it. */
    void write(Path file, String text) throws IOException {
        touch(file);
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Appends to the file, made first if missing. */
    void append(Path file, String text) throws IOException {
        touch(file);
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    /** Makes the file if missing, so that a process's output redirected into it lands in a private file. */
    void touch(Path file) throws IOException {
        if (!Files.exists(file)) {
            createDirectories(file.getParent());
            if (ownerOnly) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } else if (ownerOnly) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * The command run so that what the process creates is private on a secure stack: through
     * {@code sh} with {@code umask 077}, then {@code exec}, so the pid stays the command's own.
     */
    List<String> command(List<String> cmd) {
        if (!ownerOnly) {
            return cmd;
        }
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "umask 077 && exec \"$@\"", "umask077"));
        wrapped.addAll(cmd);
        return wrapped;
    }

    /**
     * Takes group and other permissions off everything below {@code root} and the root itself:
     * a secure folder made by an older version, whose data was world-readable.
     */
    void tighten(Path root) throws IOException {
        if (ownerOnly && Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            visit(root, StackFiles::restrict);
        }
    }

    /** What to do with one folder or file of a walk. */
    interface PathAction {
        void accept(Path p) throws IOException;
    }

    /**
     * Every folder and file below {@code root} and the root itself, symbolic links not followed.
     * What vanishes meanwhile (a running server compacting) is skipped.
     */
    static void visit(Path root, PathAction action) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                quietly(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    quietly(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            private void quietly(Path p) throws IOException {
                try {
                    action.accept(p);
                } catch (NoSuchFileException e) {
                    // gone meanwhile: nothing to protect
                }
            }
        });
    }

    private static void restrict(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (perms.removeAll(GROUP_OR_OTHER)) {
            Files.setPosixFilePermissions(p, perms);
        }
    }
}
