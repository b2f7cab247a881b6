package dev.containersec.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.containersec.api.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry on 127.0.0.1 built on the JDK's HTTP server, serving an OCI layout's blobs and manifests
 * and made to lie through {@link #intercept}: whatever the interceptor answers wins.
 */
final class FakeRegistry implements AutoCloseable {
    /** Handles a request itself, returning true, or leaves it to the honest registry. */
    @FunctionalInterface
    interface Interceptor {
        boolean handle(HttpExchange ex) throws IOException;
    }

    /** One request seen: method, path with query, and the Authorization, Range and Accept headers. */
    record Seen(String method, String path, String authorization, String range, String accept) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, String[]> manifests = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile Interceptor intercept = ex -> false;

    FakeRegistry() {
        this(null);
    }

    /** A registry speaking TLS with the given context, or plain HTTP when it is null. */
    FakeRegistry(javax.net.ssl.SSLContext tls) {
        try {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                server = HttpServer.create(at, 0);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(at, 0);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-registry");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code 127.0.0.1:PORT}. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves every blob of a layout, and the manifest under a tag with its media type. */
    FakeRegistry serveLayout(Path layout, Digest manifest, String tag, String mediaType) {
        try (var files = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                blobs.put("sha256:" + p.getFileName(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        manifest(tag, manifest, mediaType);
        return this;
    }

    /** Serves a manifest (its bytes must be among the blobs) under a tag and its digest. */
    FakeRegistry manifest(String tag, Digest digest, String mediaType) {
        String[] entry = {digest.toString(), mediaType};
        manifests.put(tag, entry);
        manifests.put(digest.toString(), entry);
        return this;
    }

    byte[] blob(Digest d) {
        return blobs.get(d.toString());
    }

    long blobGets() {
        return seen.stream().filter(s -> s.method.equals("GET") && s.path.contains("/blobs/")).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(),
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Range"),
                ex.getRequestHeaders().getFirst("Accept")));
        try (ex) {
            if (intercept.handle(ex)) {
                return;
            }
            String path = ex.getRequestURI().getPath();
            int m = path.indexOf("/manifests/");
            int b = path.indexOf("/blobs/");
            if (path.equals("/v2/")) {
                send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            } else if (m > 0) {
                String[] e = manifests.get(path.substring(m + "/manifests/".length()));
                if (e == null) {
                    send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                ex.getResponseHeaders().add("Docker-Content-Digest", e[0]);
                send(ex, 200, e[1], blobs.get(e[0]));
            } else if (b > 0) {
                byte[] data = blobs.get(path.substring(b + "/blobs/".length()));
                if (data == null) {
                    send(ex, 404, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String range = ex.getRequestHeaders().getFirst("Range");
                if (range != null && range.startsWith("bytes=")) {
                    int from = Integer.parseInt(range.substring(6, range.indexOf('-')));
                    ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
                    byte[] part = java.util.Arrays.copyOfRange(data, from, data.length);
                    send(ex, 206, "application/octet-stream", part);
                } else {
                    send(ex, 200, "application/octet-stream", data);
                }
            } else {
                send(ex, 404, "text/plain", new byte[0]);
            }
        }
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
