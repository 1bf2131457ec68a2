package io.safetywatcher.cli.command;

import io.safetywatcher.cli.Inputs;
import io.safetywatcher.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code frames CAMERA}: per-frame metadata and vision features (never the image). */
@Command(name = "frames", mixinStandardHelpOptions = true,
        description = "A camera's frames, newest first: size and the vision features (people, motion, blobs, tracks).")
public final class FramesCommand extends OperatorCommand {
    @Parameters(paramLabel = "CAMERA", description = "The camera's id (see: devices --kind camera).")
    String camera;

    @Mixin
    PeriodOptions period;

    @Override
    public Integer call() {
        period.check(now());
        Inputs.requireDevice(registry(), "camera", camera);
        Table t = new Table("frames", "ts", "seq", "width", "height", "jpeg_bytes", "people_count", "motion_energy", "blob_count", "tracks");
        RawHistory.read(connections().cassandra(), "SELECT ts, seq, width, height, jpeg_bytes, people_count, motion_energy, blob_count, tracks "
                        + "FROM frames_by_camera_day WHERE camera_id = ? AND day = ? AND ts >= ? AND ts < ?", camera, period.from, period.to,
                period.limit, r -> t.add(r.getInstant("ts"), r.getLong("seq"), r.get("width", Integer.class), r.get("height", Integer.class),
                        r.get("jpeg_bytes", Integer.class), r.get("people_count", Integer.class), r.get("motion_energy", Double.class),
                        r.get("blob_count", Integer.class), r.getString("tracks")));
        print(t);
        return 0;
    }
}
