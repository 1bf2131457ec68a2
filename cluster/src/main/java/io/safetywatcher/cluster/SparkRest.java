package io.safetywatcher.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.codec.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs of the JSON the Spark master's page and a driver's UI serve; what the health checks read. */
final class SparkRest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private SparkRest() {}

    static JsonNode get(String url) throws IOException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode() + " from " + url);
            }
            return Json.MAPPER.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The master's view: its status, and each worker's host and state. */
    static JsonNode master(ClusterSettings s) throws IOException {
        return get("http://" + s.masterAddress() + ":" + s.masterUiPort() + "/json/");
    }
}
