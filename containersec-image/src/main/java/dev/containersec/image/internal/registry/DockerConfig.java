package dev.containersec.image.internal.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.containersec.api.InvalidInputException;
import dev.containersec.image.RegistryCredentials;
import dev.containersec.image.RegistryException;
import dev.containersec.image.internal.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Docker's {@code config.json}: {@code auths}, {@code credHelpers} and {@code credsStore}, with
 * credential helpers run as bounded subprocesses.
 *
 * @see <a href="https://github.com/docker/docker-credential-helpers">docker-credential-helpers protocol</a>
 */
public final class DockerConfig {
    static final int MAX_CONFIG_BYTES = 1 << 20;
    static final int MAX_HELPER_OUTPUT = 64 * 1024;
    private static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    /** What the config says to do for one registry. */
    public sealed interface Entry {
        /** Credentials stored inline in {@code auths}. */
        record Inline(RegistryCredentials credentials) implements Entry {
        }

        /** Ask the helper {@code docker-credential-NAME}. */
        record Helper(String name) implements Entry {
        }
    }

    private DockerConfig() {
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Optional<Path> defaultPath() {
        String dir = System.getenv("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) {
            return Optional.of(Path.of(dir, "config.json"));
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".docker", "config.json"));
    }

    /** Looks up a registry's credentials in a config file, running a helper when the file says so. */
    public static Optional<RegistryCredentials> lookup(Optional<Path> file, String registry, Duration helperTimeout) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        byte[] data;
        try (InputStream in = Files.newInputStream(file.get())) {
            data = in.readNBytes(MAX_CONFIG_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidInputException(file.get().toString(), "cannot read Docker config: " + e.getMessage(), e);
        }
        if (data.length > MAX_CONFIG_BYTES) {
            throw new InvalidInputException(file.get().toString(), "Docker config larger than " + MAX_CONFIG_BYTES + " bytes");
        }
        Optional<Entry> entry = entry(data, registry, file.get().toString());
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (entry.get() instanceof Entry.Inline inline) {
            return Optional.of(inline.credentials());
        }
        return runHelper("docker-credential-" + ((Entry.Helper) entry.get()).name(), serverUrl(registry), helperTimeout);
    }

    /**
     * Parses a config document and finds what it says for a registry.
     *
     * @throws InvalidInputException if the document is not a JSON object or an entry is malformed
     */
    public static Optional<Entry> entry(byte[] data, String registry, String subject) {
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new InvalidInputException(subject, "malformed Docker config JSON: " + Messages.firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(subject, "Docker config is not a JSON object");
        }
        List<String> keys = keysFor(registry);
        JsonNode helpers = root.get("credHelpers");
        if (helpers != null && helpers.isObject()) {
            for (String k : keys) {
                JsonNode h = helpers.get(k);
                if (h != null && h.isTextual() && !h.textValue().isEmpty()) {
                    return Optional.of(new Entry.Helper(helperName(h.textValue(), subject)));
                }
            }
        }
        JsonNode auths = root.get("auths");
        if (auths != null && auths.isObject()) {
            for (String k : keys) {
                JsonNode a = auths.get(k);
                if (a != null && a.isObject()) {
                    Optional<RegistryCredentials> c = inline(a, subject + " auths." + k);
                    if (c.isPresent()) {
                        return Optional.of(new Entry.Inline(c.get()));
                    }
                }
            }
        }
        JsonNode store = root.get("credsStore");
        if (store != null && store.isTextual() && !store.textValue().isEmpty()) {
            return Optional.of(new Entry.Helper(helperName(store.textValue(), subject)));
        }
        return Optional.empty();
    }

    private static Optional<RegistryCredentials> inline(JsonNode a, String subject) {
        JsonNode identity = a.get("identitytoken");
        if (identity != null && identity.isTextual() && !identity.textValue().isEmpty()) {
            return Optional.of(RegistryCredentials.identityToken(identity.textValue()));
        }
        JsonNode auth = a.get("auth");
        if (auth != null && auth.isTextual() && !auth.textValue().isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.textValue().trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(subject, "'auth' is not base64", e);
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0 || colon == decoded.length() - 1) {
                throw new InvalidInputException(subject, "'auth' does not decode to user:password");
            }
            return Optional.of(RegistryCredentials.basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        JsonNode user = a.get("username");
        JsonNode password = a.get("password");
        if (user != null && user.isTextual() && password != null && password.isTextual()
                && !user.textValue().isEmpty() && !password.textValue().isEmpty()) {
            try {
                return Optional.of(RegistryCredentials.basic(user.textValue(), password.textValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(subject, e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    private static String helperName(String name, String subject) {
        if (!HELPER_NAME.matcher(name).matches()) {
            throw new InvalidInputException(subject, "credential helper name '" + name
                    + "' is not a plain name ([A-Za-z0-9._-], up to 64)");
        }
        return name;
    }

    /** The keys Docker may have written for a registry, most specific first. */
    static List<String> keysFor(String registry) {
        List<String> keys = new ArrayList<>();
        if (isDockerHub(registry)) {
            keys.add("https://index.docker.io/v1/");
            keys.add("index.docker.io");
            keys.add("docker.io");
            keys.add("registry-1.docker.io");
            return keys;
        }
        keys.add(registry);
        keys.add("https://" + registry);
        keys.add("http://" + registry);
        keys.add("https://" + registry + "/");
        keys.add("https://" + registry + "/v1/");
        keys.add("https://" + registry + "/v2/");
        return keys;
    }

    static boolean isDockerHub(String registry) {
        return registry.equals("docker.io") || registry.equals("index.docker.io") || registry.equals("registry-1.docker.io");
    }

    private static String serverUrl(String registry) {
        return isDockerHub(registry) ? "https://index.docker.io/v1/" : registry;
    }

    /** Runs {@code PROGRAM get} (a {@code docker-credential-NAME}) with the server URL on stdin. */
    static Optional<RegistryCredentials> runHelper(String program, String serverUrl, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(program, "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new RegistryException(serverUrl, -1, "cannot run credential helper " + program + ": " + e.getMessage(), e);
        }
        try {
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // A helper may exit before reading stdin; its exit code and output tell what happened.
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    byte[] buf = new byte[4096];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        synchronized (out) {
                            if (out.size() <= MAX_HELPER_OUTPUT) {
                                out.write(buf, 0, n);
                            } else {
                                p.destroyForcibly();
                            }
                        }
                    }
                } catch (IOException e) {
                    // the process was destroyed
                }
            }, "containersec-credential-helper");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RegistryException(serverUrl, -1, "credential helper " + program + " did not finish within "
                        + timeout.toMillis() + " ms", null);
            }
            reader.join(1000);
            byte[] data;
            synchronized (out) {
                data = out.toByteArray();
            }
            if (data.length > MAX_HELPER_OUTPUT) {
                throw new RegistryException(serverUrl, -1, "credential helper " + program + " wrote more than "
                        + MAX_HELPER_OUTPUT + " bytes", null);
            }
            String text = new String(data, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                if (text.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                    return Optional.empty();
                }
                throw new RegistryException(serverUrl, -1, "credential helper " + program + " failed with exit code "
                        + p.exitValue() + ": " + Messages.firstLine(text), null);
            }
            return helperAnswer(data, program);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(serverUrl, -1, "interrupted while running " + program, e);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Parses a helper's {@code {"ServerURL":..,"Username":..,"Secret":..}} answer. */
    static Optional<RegistryCredentials> helperAnswer(byte[] data, String program) {
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new InvalidInputException(program, "credential helper output is not JSON: " + Messages.firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(program, "credential helper output is not a JSON object");
        }
        JsonNode user = root.get("Username");
        JsonNode secret = root.get("Secret");
        if (secret == null || !secret.isTextual() || secret.textValue().isEmpty()) {
            return Optional.empty();
        }
        String u = user != null && user.isTextual() ? user.textValue() : "";
        if (u.equals("<token>")) {
            return Optional.of(RegistryCredentials.identityToken(secret.textValue()));
        }
        try {
            return Optional.of(RegistryCredentials.basic(u, secret.textValue()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(program, "credential helper answer: " + e.getMessage(), e);
        }
    }
}
