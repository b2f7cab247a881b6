package dev.containersec.sbom;

import dev.containersec.api.Digest;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Test helpers: the real advisories in src/test/resources/osv, synthetic ones, and small SBOMs. */
final class Advisories {
    static final String LAYER = "sha256:" + "ab".repeat(32);

    private Advisories() {
    }

    /** The directory of real OSV advisories copied into the test resources. */
    static Path realDir() {
        try {
            return Path.of(Advisories.class.getResource("/osv/GHSA-jfh8-c2jp-5v3q.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A synthetic OSV record with one affected entry of one ECOSYSTEM range. */
    static String synthetic(String id, String aliasesJson, String ecosystem, String name, String eventsJson,
                            String extra) {
        return "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2024-01-01T00:00:00Z\","
                + "\"aliases\":" + aliasesJson + "," + extra
                + "\"affected\":[{\"package\":{\"ecosystem\":\"" + ecosystem + "\",\"name\":\"" + name + "\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":" + eventsJson + "}]}]}";
    }

    static Path write(Path dir, String file, String json) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(file), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Package pkg(String purl, Map<String, String> metadata) {
        Purl p = Purl.parse(purl);
        return new Package(p.name(), p.version().orElse(""), p.type(), p, List.of(),
                List.of(new PackageLocation("/app/lib/" + p.name() + ".jar", 1, Optional.of(Digest.parse(LAYER)))),
                "test", new TreeMap<>(metadata), List.of());
    }

    static Sbom sbom(Optional<OsRelease> os, Package... packages) {
        return new Sbom(new SbomSubject("test", Optional.empty(), Optional.empty(), Optional.empty(), os,
                List.of(Digest.parse(LAYER))), List.of(packages), List.of());
    }

    static OsRelease os(String id, String versionId) {
        return new OsRelease(id, versionId, "", id + " " + versionId, List.of(), "/etc/os-release");
    }
}
