package io.tweetstream.adapter.inprocess;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text, by the client library's own handler) and {@code /health} (200 when ready, 503
 * with the reason otherwise) on a JDK HTTP server of this engine's own: the library's {@code HTTPServer} has no room
 * for a second handler of ours.
 */
final class MetricsEndpoint implements AutoCloseable {

    /** Ready, or why not. */
    record Health(boolean ready, String detail) {
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves on {@code port} of every interface ({@code 0} in tests: a free port, see {@link #url()}). */
    static MetricsEndpoint start(int port, PrometheusRegistry registry, Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port + " (metrics.port)", e);
        }
        server.createContext("/metrics", new MetricsHandler(PrometheusProperties.get(), registry));
        server.createContext("/health", exchange -> answer(exchange, health.get()));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tweetstream-metrics-http");
            t.setDaemon(true); // a scrape in progress never holds the process up
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    private static void answer(HttpExchange exchange, Health health) throws IOException {
        try (exchange) {
            byte[] body = ((health.ready() ? "ready" : "not ready") + ": " + health.detail() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(health.ready() ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Where to scrape, on the loopback address (the server listens on every interface). */
    URI url() {
        return URI.create("http://localhost:" + port() + "/metrics");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
