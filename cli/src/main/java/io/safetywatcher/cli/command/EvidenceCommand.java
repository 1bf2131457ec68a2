package io.safetywatcher.cli.command;

import io.safetywatcher.cli.UsageError;
import io.safetywatcher.cli.output.Table;
import io.safetywatcher.cli.store.AlertStore;
import io.safetywatcher.store.alerts.AlertTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code evidence ALERT_ID --out FILE}: the alert's evidence frame, with its boxes drawn. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = {"Save an alert's evidence frames (JPEG, boxes already drawn) to FILE; a second frame goes to FILE-2.jpg and so on.",
                "Evidence exists for camera-based alerts only and expires after 7 days."})
public final class EvidenceCommand extends OperatorCommand {
    @Parameters(paramLabel = "ALERT_ID")
    String id;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the JPEG.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageError("--out: folder " + parent + " does not exist");
        }
        AlertStore store = alerts();
        AlertsCommand.require(store, id);
        List<AlertTables.EvidenceFrame> frames = store.evidence(id);
        if (frames.isEmpty()) {
            err().println("error: alert " + id + " has no evidence frames (only camera-based alerts have them, and they expire after 7 days)");
            return 1;
        }
        Table t = new Table("evidence", "file", "camera", "at", "bytes", "boxes");
        for (int i = 0; i < frames.size(); i++) {
            AlertTables.EvidenceFrame f = frames.get(i);
            byte[] jpeg = bytes(f.jpeg());
            Path file = i == 0 ? out : sibling(out, i + 1);
            Files.write(file, jpeg);
            t.add(file.toString(), f.camera(), f.at(), jpeg.length, f.boxes());
        }
        print(t);
        return 0;
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return new byte[0];
        }
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    static Path sibling(Path file, int n) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".jpg";
        return file.resolveSibling(stem + "-" + n + ext);
    }
}
