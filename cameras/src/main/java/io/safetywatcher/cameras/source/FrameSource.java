package io.safetywatcher.cameras.source;

import java.io.IOException;

/** One connection to a camera: its JPEG frames as they come. Closing it from another thread ends a blocked {@link #next()}. */
public interface FrameSource extends AutoCloseable {
    /** The next JPEG; an IOException (never null) when the stream fails or ends. */
    byte[] next() throws IOException;

    @Override
    void close();
}
