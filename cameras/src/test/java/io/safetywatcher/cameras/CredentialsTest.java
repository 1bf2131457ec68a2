package io.safetywatcher.cameras;

import io.safetywatcher.cameras.source.RtspSourceCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsTest {
    @Test
    void fromTheEnvironmentOrAFileAndNeverShown(@TempDir Path dir) throws Exception {
        Credentials env = Credentials.resolve("env:CAM_LOGIN", Map.of("CAM_LOGIN", "viewer:s3cr:et")::get);
        assertThat(env).isEqualTo(new Credentials("viewer", "s3cr:et"));
        assertThat(env.toString()).doesNotContain("s3cr");
        Path f = Files.writeString(dir.resolve("cam.login"), "admin:p@ss word\n");
        Credentials file = Credentials.resolve("file:" + f, n -> null);
        assertThat(file).isEqualTo(new Credentials("admin", "p@ss word"));
        assertThat(file.basicAuthorization()).isEqualTo("Basic YWRtaW46cEBzcyB3b3Jk");
        assertThat(file.scrub("rtsp://admin:p%40ss+word@cam/x failed; p@ss word")).doesNotContain("p@ss").doesNotContain("p%40ss");
    }

    @Test
    void aMissingOrMalformedSecretIsRefusedWithoutShowingIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Credentials.resolve("env:NOPE", n -> null)).hasMessageContaining("NOPE is not set");
        assertThatThrownBy(() -> Credentials.resolve("file:" + dir.resolve("absent"), n -> null)).hasMessageContaining("cannot be read");
        Path f = Files.writeString(dir.resolve("bad"), "justapassword");
        assertThatThrownBy(() -> Credentials.resolve("file:" + f, n -> null)).hasMessageContaining("user:password")
                .hasMessageNotContaining("justapassword");
    }

    @Test
    void ffmpegGetsTheCredentialsInTheUrlEncodedInAListNotOnItsCommandLine() {
        assertThat(RtspSourceCommand.url("rtsp://10.0.0.7:554/live/ch0?tcp", new Credentials("ad min", "p@ss/w")))
                .isEqualTo("rtsp://ad%20min:p%40ss%2Fw@10.0.0.7:554/live/ch0?tcp");
        assertThat(RtspSourceCommand.url("rtsp://cam/x", null)).isEqualTo("rtsp://cam/x");
        assertThat(RtspSourceCommand.command("/tmp/watcher-rtsp-1.ffconcat")).containsSequence("-f", "concat", "-safe", "0")
                .containsSequence("-i", "/tmp/watcher-rtsp-1.ffconcat").containsSequence("-vf", "fps=2.000")
                .containsSequence("-f", "mpjpeg", "pipe:1").noneMatch(a -> a.contains("rtsp://"));
        assertThat(RtspSourceCommand.concatList("rtsp://ad%20min:p%40ss@cam/it's")).isEqualTo("ffconcat version 1.0\n"
                + "file 'rtsp://ad%20min:p%40ss@cam/it'\\''s'\noption rtsp_transport tcp\noption timeout 10000000\n");
    }
}
