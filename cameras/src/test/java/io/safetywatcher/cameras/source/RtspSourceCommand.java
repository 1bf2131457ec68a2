package io.safetywatcher.cameras.source;

import io.safetywatcher.cameras.Credentials;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Opens RtspSource's package-private command building to the tests of another package. */
public final class RtspSourceCommand {
    private RtspSourceCommand() {}

    public static String url(String url, Credentials c) { return RtspSource.withCredentials(URI.create(url), c); }

    public static List<String> command(String listPath) { return RtspSource.command("ffmpeg", listPath, 2, 5); }

    public static String concatList(String url) { return RtspSource.concatList(url, Duration.ofSeconds(10)); }
}
