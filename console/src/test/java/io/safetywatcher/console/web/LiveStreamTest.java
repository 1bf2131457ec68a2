package io.safetywatcher.console.web;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-sent events: each push reaches every page as one event; a page that falls behind is cut off, not left stale. */
class LiveStreamTest {
    /** A page's connection: collects what it is sent, and can be made to stall. */
    static final class Page extends OutputStream {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        volatile boolean stalled;

        @Override
        public synchronized void write(int b) { got.write(b); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (stalled) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            synchronized (this) {
                got.write(b, off, len);
            }
        }

        synchronized String text() { return got.toString(StandardCharsets.UTF_8); }
    }

    static void waitFor(LiveStream s, int clients) throws InterruptedException {
        for (int i = 0; i < 500 && s.clients() != clients; i++) {
            Thread.sleep(5);
        }
        assertThat(s.clients()).isEqualTo(clients);
    }

    @Test
    void aPushReachesEveryPageAsOneEvent() throws Exception {
        LiveStream s = new LiveStream();
        Page a = new Page();
        Page b = new Page();
        CompletableFuture<Boolean> fa = CompletableFuture.supplyAsync(() -> serve(s, a, true));
        CompletableFuture<Boolean> fb = CompletableFuture.supplyAsync(() -> serve(s, b, true));
        waitFor(s, 2);
        s.publish("alert", "{\"id\":\"x\",\n\"n\":1}");
        for (int i = 0; i < 500 && !(a.text().contains("\"n\":1") && b.text().contains("\"n\":1")); i++) {
            Thread.sleep(5);
        }
        assertThat(a.text()).contains("retry: 2000").contains("event: alert\ndata: {\"id\":\"x\",\ndata: \"n\":1}\n\n");
        assertThat(b.text()).contains("event: alert\ndata: {\"id\":\"x\",\ndata: \"n\":1}\n\n");
        assertThat(fa.isDone()).isFalse();
        fa.cancel(true);
        fb.cancel(true);
    }

    @Test
    void aPageThatFallsBehindIsCutOff() throws Exception {
        LiveStream s = new LiveStream();
        Page slow = new Page();
        CompletableFuture<Boolean> f = CompletableFuture.supplyAsync(() -> serve(s, slow, true));
        waitFor(s, 1);
        slow.stalled = true;
        // The stalled write holds one batch (up to 64 KB); past that, the queue fills and the page is dropped.
        int sent = 0;
        while (s.clients() > 0 && sent < 100_000) {
            s.publish("alert", "{\"n\":" + sent++ + "}");
        }
        assertThat(s.clients()).as("dropped from the pushes").isZero();
        assertThat(sent).isGreaterThan(LiveStream.QUEUE);
        slow.stalled = false;
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
    }

    static boolean serve(LiveStream s, OutputStream out, boolean signedIn) {
        try {
            return s.serve(out, () -> signedIn);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
