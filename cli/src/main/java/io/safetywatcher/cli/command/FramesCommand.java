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
        raw().frames(camera, period.from, period.to, period.limit, OperatorCommand::cancelled)
                .forEach(f -> t.add(f.ts(), f.seq(), f.width(), f.height(), f.jpegBytes(), f.peopleCount(), f.motionEnergy(), f.blobCount(),
                        f.tracks()));
        print(t);
        return 0;
    }
}
