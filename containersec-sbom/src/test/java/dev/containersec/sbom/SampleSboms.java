package dev.containersec.sbom;

import dev.containersec.api.Digest;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Platform;
import dev.containersec.api.Purl;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A small, realistic SBOM of an Alpine-based image. */
final class SampleSboms {
    static final Digest MANIFEST = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
    static final Digest CONFIG = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
    static final Digest LAYER0 = Digest.sha256("layer0".getBytes(StandardCharsets.UTF_8));
    static final Digest LAYER1 = Digest.sha256("layer1".getBytes(StandardCharsets.UTF_8));

    private SampleSboms() {
    }

    static SbomSubject subject() {
        return new SbomSubject("oci-archive:app.tar", Optional.of(MANIFEST), Optional.of(CONFIG),
                Optional.of(Platform.parse("linux/arm64/v8")),
                Optional.of(new OsRelease("alpine", "3.20.3", "", "Alpine Linux v3.20", List.of(), "/etc/os-release")),
                List.of(LAYER0, LAYER1));
    }

    static Package pkg(String type, String ns, String name, String version, List<String> licenses, String path,
                       int layer, Map<String, String> metadata) {
        Purl purl = Purl.of(type, ns, name, version.isEmpty() ? null : version);
        return new Package(name, version, type, purl, licenses,
                List.of(new PackageLocation(path, layer, Optional.of(layer == 0 ? LAYER0 : LAYER1))),
                type + "-cataloger", new TreeMap<>(metadata), List.of());
    }

    static Sbom alpine() {
        return new Sbom(subject(), List.of(
                pkg("apk", "alpine", "musl", "1.2.5-r0", List.of("MIT"), "/lib/apk/db/installed", 0,
                        Map.of("arch", "aarch64", "sourceName", "musl")),
                pkg("apk", "alpine", "busybox", "1.36.1-r29", List.of("GPL-2.0-only"), "/lib/apk/db/installed", 0,
                        Map.of()),
                pkg("apk", "alpine", "ca-certificates-bundle", "20240705-r0", List.of("MPL-2.0 AND MIT"),
                        "/lib/apk/db/installed", 0, Map.of()),
                pkg("maven", "org.apache.logging.log4j", "log4j-core", "2.14.1", List.of("Apache-2.0"),
                        "/app/lib/log4j-core-2.14.1.jar", 1, Map.of("sha1", "9141212b8507ab50a45525b545b39d224614528b")),
                pkg("npm", "@angular", "core", "", List.of("Custom licence text", "MIT OR Apache-2.0"),
                        "/app/node_modules/@angular/core/package.json", 1, Map.of())),
                List.of());
    }
}
