package io.safetywatcher.cameras.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartStreamTest {
    static final byte[] A = {(byte) 0xFF, (byte) 0xD8, 1, 2, '\r', '\n', '-', '-', 'x', (byte) 0xFF, (byte) 0xD9};
    static final byte[] B = {(byte) 0xFF, (byte) 0xD8, '\r', '\r', '\n', 3, (byte) 0xFF, (byte) 0xD9};

    static MultipartStream of(String s, String boundary, int max) {
        return new MultipartStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), boundary, max);
    }

    static String latin(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    @Test
    void partsWithAContentLengthAreReadByLengthEvenWhenTheyHoldBoundaryLikeBytes() throws IOException {
        String body = "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + A.length + "\r\n\r\n" + latin(A) + "\r\n"
                + "--frame\r\ncontent-length: " + B.length + "\r\n\r\n" + latin(B) + "\r\n--frame--\r\n";
        MultipartStream m = of(body, "frame", 1000);
        assertThat(m.next()).isEqualTo(A);
        assertThat(m.next()).isEqualTo(B);
        assertThat(m.next()).isNull();
    }

    @Test
    void partsWithoutALengthEndAtTheNextBoundaryLine() throws IOException {
        // A preamble, LF-only header lines, a CR inside the data, and a camera that declares the boundary with its dashes.
        String body = "preamble\r\n--myboundary\nContent-Type: image/jpeg\n\n" + latin(B) + "\r\n--myboundary\r\n\r\n" + latin(A)
                + "\r\n--myboundary\r\n\r\n" + latin(B) + "\r\n--myboundary--";
        MultipartStream m = of(body, "--myboundary", 1000);
        assertThat(m.next()).isEqualTo(B);
        assertThat(m.next()).isEqualTo(A);
        assertThat(m.next()).isEqualTo(B);
        assertThat(m.next()).isNull();
    }

    @Test
    void whatFfmpegsMpjpegMuxerWritesIsRead() throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] part : new byte[][] {A, B, A}) {
            o.writeBytes(("--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: " + part.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.writeBytes(part);
            o.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        o.writeBytes("--ffmpeg\r\n".getBytes(StandardCharsets.US_ASCII)); // how it ends a file
        MultipartStream m = new MultipartStream(new ByteArrayInputStream(o.toByteArray()), RtspSource.BOUNDARY, 1000);
        assertThat(m.next()).isEqualTo(A);
        assertThat(m.next()).isEqualTo(B);
        assertThat(m.next()).isEqualTo(A);
        assertThat(m.next()).isNull();
    }

    @Test
    void aStreamCutInsideAPartOrAnOversizedPartIsAnError() {
        assertThatThrownBy(() -> of("--f\r\nContent-Length: 100\r\n\r\nshort", "f", 1000).next()).isInstanceOf(EOFException.class)
                .hasMessageContaining("100 bytes");
        assertThatThrownBy(() -> of("--f\r\n\r\nno end in sight", "f", 1000).next()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> of("--f\r\nContent-Length: 5000\r\n\r\n", "f", 1000).next()).hasMessageContaining("limit of 1000");
        assertThatThrownBy(() -> of("--f\r\n\r\n" + "x".repeat(2000), "f", 1000).next()).hasMessageContaining("limit of 1000");
        assertThatThrownBy(() -> of("--f\r\nContent-Length: many\r\n\r\n", "f", 1000).next()).hasMessageContaining("'many'");
    }

    @Test
    void theBoundaryComesFromTheContentType() throws IOException {
        assertThat(MultipartStream.boundaryOf("multipart/x-mixed-replace; boundary=frame")).isEqualTo("frame");
        assertThat(MultipartStream.boundaryOf("multipart/x-mixed-replace;boundary=\"--my b\"")).isEqualTo("--my b");
        assertThatThrownBy(() -> MultipartStream.boundaryOf("image/jpeg")).hasMessageContaining("'image/jpeg'");
        assertThatThrownBy(() -> MultipartStream.boundaryOf(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> MultipartStream.boundaryOf("multipart/x-mixed-replace")).hasMessageContaining("names no boundary");
    }
}
