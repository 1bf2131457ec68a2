package io.safetywatcher.cameras.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;

/** An MJPEG camera over HTTP: one long response, {@code multipart/x-mixed-replace}, a JPEG a part. */
public final class HttpMjpegSource implements FrameSource {
    private final HttpURLConnection connection;
    private final InputStream body;
    private final MultipartStream parts;

    public HttpMjpegSource(HttpRequest request, int maxFrameBytes) throws IOException {
        this.connection = request.open();
        try {
            this.body = connection.getInputStream();
            this.parts = new MultipartStream(body, MultipartStream.boundaryOf(connection.getContentType()), maxFrameBytes);
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    @Override
    public byte[] next() throws IOException {
        byte[] part = parts.next();
        if (part == null) {
            throw new EOFException("the camera ended its MJPEG stream");
        }
        return part;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing to stop: nothing more to read either way
        }
        connection.disconnect();
    }
}
