package dev.containersec.runtime.internal.container;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.containersec.api.ContainerInfo;
import dev.containersec.api.ContainerResolver;
import dev.containersec.api.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves containers from the state files of containers/storage, the store podman and CRI-O share:
 * {@code <root>/<driver>-containers/containers.json} (each container's id, names, image id and a
 * metadata string holding {@code image-name} and {@code name}, plus {@code pod-name} and
 * {@code namespace} for CRI-O) and {@code <root>/<driver>-images/images.json} (each image's id, names and
 * manifest {@code digest}). No daemon is asked. A file is re-read when its modification time or size
 * changed; each is bounded ({@value #MAX_FILE_BYTES} bytes, {@value #MAX_CONTAINERS} containers).
 * Container labels live in libpod's own database, which is not read: {@link ContainerInfo#labels()} is
 * empty. Thread-safe (synchronised).
 */
public final class ContainersStorageResolver implements ContainerResolver {

    private static final Logger LOG = LoggerFactory.getLogger(ContainersStorageResolver.class);
    static final long MAX_FILE_BYTES = 64L << 20;
    static final int MAX_CONTAINERS = 100_000;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    private final List<Path> roots;
    private final Map<Path, Stamp> stamps = new HashMap<>();
    private Map<String, ContainerInfo> byShortId = Map.of();

    private record Stamp(FileTime modified, long size) {
    }

    /** The provider ServiceLoader creates: the root store, {@code /var/lib/containers/storage}. */
    public ContainersStorageResolver() {
        this(List.of(Path.of("/var/lib/containers/storage")));
    }

    /**
     * @param roots the storage roots to read
     */
    public ContainersStorageResolver(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    @Override
    public String id() {
        return "containers-storage";
    }

    @Override
    public synchronized Optional<ContainerInfo> resolve(String containerId) {
        Objects.requireNonNull(containerId, "containerId");
        if (containerId.length() < 12) {
            return Optional.empty();
        }
        refreshIfChanged();
        return Optional.ofNullable(byShortId.get(containerId.substring(0, 12)));
    }

    private void refreshIfChanged() {
        Map<Path, Stamp> now = new HashMap<>();
        for (Path root : roots) {
            for (Path f : stateFiles(root)) {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    now.put(f, new Stamp(a.lastModifiedTime(), a.size()));
                } catch (IOException e) {
                    // gone since listed
                }
            }
        }
        if (now.equals(stamps)) {
            return;
        }
        stamps.clear();
        stamps.putAll(now);
        Map<String, ContainerInfo> read = new HashMap<>();
        for (Path root : roots) {
            readRoot(root, read);
        }
        byShortId = Map.copyOf(read);
    }

    private static List<Path> stateFiles(Path root) {
        List<Path> files = new java.util.ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "*-{containers,images}")) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                Path f = d.resolve(name.endsWith("-containers") ? "containers.json" : "images.json");
                if (Files.isRegularFile(f)) {
                    files.add(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such root: nothing to resolve from
        }
        files.sort(null);
        return files;
    }

    private static void readRoot(Path root, Map<String, ContainerInfo> out) {
        for (Path f : stateFiles(root)) {
            if (!f.getFileName().toString().equals("containers.json")) {
                continue;
            }
            String driver = f.getParent().getFileName().toString().replaceFirst("-containers$", "");
            Map<String, Image> images = images(root.resolve(driver + "-images").resolve("images.json"));
            JsonNode containers = read(f);
            int n = 0;
            for (JsonNode c : containers) {
                if (++n > MAX_CONTAINERS) {
                    LOG.warn("{}: more than {} containers, the rest are not read", f, MAX_CONTAINERS);
                    break;
                }
                Optional<ContainerInfo> info = container(c, images);
                info.ifPresent(i -> out.put(i.containerId(), i));
            }
        }
    }

    /** An image of images.json: its first name and manifest digest. */
    record Image(String name, Optional<Digest> digest) {
    }

    static Optional<ContainerInfo> container(JsonNode c, Map<String, Image> images) {
        String id = c.path("id").asText("");
        if (!id.matches("[0-9a-f]{12,64}")) {
            return Optional.empty();
        }
        JsonNode meta = parseMetadata(c.path("metadata").asText(""));
        Image image = images.get(c.path("image").asText(""));
        String imageName = text(meta, "image-name").orElse(image == null ? "" : image.name());
        String name = text(meta, "name").or(() -> c.path("names").isArray() && c.path("names").size() > 0
                ? Optional.of(c.path("names").get(0).asText()) : Optional.empty()).orElse("");
        Optional<Digest> digest = image == null ? Optional.empty() : image.digest();
        if (digest.isEmpty()) {
            digest = text(meta, "image-id").filter(s -> s.matches("[0-9a-f]{64}")).map(s -> Digest.parse("sha256:" + s));
        }
        return Optional.of(ContainerInfo.of(id.substring(0, 12), name, imageName, digest, Map.of()));
    }

    private static Map<String, Image> images(Path file) {
        Map<String, Image> images = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return images;
        }
        for (JsonNode i : read(file)) {
            String id = i.path("id").asText("");
            String name = i.path("names").isArray() && i.path("names").size() > 0 ? i.path("names").get(0).asText() : "";
            Optional<Digest> digest = Optional.empty();
            try {
                if (i.hasNonNull("digest")) {
                    digest = Optional.of(Digest.parse(i.get("digest").asText()));
                }
            } catch (IllegalArgumentException e) {
                // an unreadable digest is left out
            }
            images.put(id, new Image(name, digest));
            if (images.size() >= MAX_CONTAINERS) {
                break;
            }
        }
        return images;
    }

    private static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                LOG.warn("{} is larger than {} bytes: not read", file, MAX_FILE_BYTES);
                return JSON.createArrayNode();
            }
            JsonNode root = JSON.readTree(bytes);
            return root != null && root.isArray() ? root : JSON.createArrayNode();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
            return JSON.createArrayNode();
        }
    }

    private static JsonNode parseMetadata(String text) {
        if (text.isEmpty() || text.length() > 1 << 16) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? n : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static Optional<String> text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }
}
