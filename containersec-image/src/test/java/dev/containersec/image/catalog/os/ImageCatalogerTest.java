package dev.containersec.image.catalog.os;

import dev.containersec.image.Tools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.FileEntry;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.Sbom;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.Image;
import dev.containersec.image.ImageCataloger;
import dev.containersec.image.ImageReader;
import dev.containersec.image.internal.catalog.os.OsCatalogers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageCataloger} end to end on a umoci-built image holding THIS machine's real dpkg database
 * ({@code /var/lib/dpkg/status} and every {@code /var/lib/dpkg/info/*.list}) and {@code /etc/os-release}.
 * Layer 1 removes one package the way {@code dpkg --purge} does (its stanza leaves {@code status},
 * its {@code .list} file is deleted) and deletes a file a test cataloger would report.
 * The expected package set comes from {@code dpkg-query} run by the test.
 */
class ImageCatalogerTest {
    @TempDir
    static Path dir;
    static Path layout;
    static String removed;
    static List<String> installed;

    @BeforeAll
    static void buildImage() throws IOException {
        Tools.assumeTools("umoci", "dpkg-query");
        // Status-Status is the third word of Status: only "installed" packages count.
        installed = OsTestImages.run(List.of("dpkg-query", "-W", "-f",
                        "${Package} ${Version} ${Architecture} ${db:Status-Status}\\n")).lines()
                .filter(l -> l.endsWith(" installed")).map(l -> l.substring(0, l.length() - " installed".length()))
                .sorted().toList();
        String last = installed.get(installed.size() - 1);
        removed = last.substring(0, last.indexOf(' '));
        layout = OsTestImages.newLayout(dir);
        OsTestImages.layer(layout, "base", "v1", rootfs -> {
            OsTestImages.write(rootfs, "/var/lib/dpkg/status", Files.readAllBytes(Path.of("/var/lib/dpkg/status")));
            try (Stream<Path> lists = Files.list(Path.of("/var/lib/dpkg/info"))) {
                for (Path l : (Iterable<Path>) lists.filter(p -> p.toString().endsWith(".list"))::iterator) {
                    OsTestImages.write(rootfs, "/var/lib/dpkg/info/" + l.getFileName(), Files.readAllBytes(l));
                }
            }
            OsTestImages.write(rootfs, "/etc/os-release", Files.readAllBytes(Path.of("/etc/os-release")));
            OsTestImages.write(rootfs, "/usr/bin/dpkg", "pretend binary".getBytes(StandardCharsets.UTF_8));
            OsTestImages.write(rootfs, "/opt/app/kept.marker", "1.0".getBytes(StandardCharsets.UTF_8));
            OsTestImages.write(rootfs, "/opt/app/gone.marker", "2.0".getBytes(StandardCharsets.UTF_8));
        });
        OsTestImages.layer(layout, "v1", "v2", rootfs -> {
            Path status = rootfs.resolve("var/lib/dpkg/status");
            String kept = OsTestImages.stanzas(Files.readString(status)).stream()
                    .filter(s -> !s.startsWith("Package: " + removed + "\n")).collect(Collectors.joining("\n"));
            Files.writeString(status, kept);
            try (Stream<Path> lists = Files.list(rootfs.resolve("var/lib/dpkg/info"))) {
                for (Path l : (Iterable<Path>) lists::iterator) {
                    String n = l.getFileName().toString();
                    if (n.equals(removed + ".list") || n.startsWith(removed + ":")) {
                        Files.delete(l);
                    }
                }
            }
            Files.delete(rootfs.resolve("opt/app/gone.marker"));
        });
    }

    /** Reports one package per file, named after it, versioned by its content. */
    record MarkerCataloger(String id, List<String> globs) implements Cataloger {
        @Override
        public Session newSession(ScanLimits limits) {
            List<Package> found = new CopyOnWriteArrayList<>();
            return new Session() {
                @Override
                public void accept(FileEntry file, InputStream content) throws IOException {
                    String name = file.path().substring(file.path().lastIndexOf('/') + 1);
                    String version = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                    found.add(new Package(name, version, "generic", Purl.of("generic", null, name, version), List.of(),
                            List.of(PackageLocation.of(file)), id, new java.util.TreeMap<>(), List.of()));
                }

                @Override
                public List<Package> finish(CatalogContext context) {
                    return List.copyOf(found);
                }
            };
        }
    }

    private static Sbom catalog(String tag, List<Cataloger> catalogers) {
        try (Image image = ImageReader.create().open("oci:" + layout + ":" + tag)) {
            return ImageCataloger.builder().catalogers(catalogers).build().catalog(image);
        }
    }

    private static List<Cataloger> withMarkers() {
        List<Cataloger> all = new ArrayList<>(OsCatalogers.all());
        all.add(new MarkerCataloger("marker", List.of("/opt/app/*.marker", "/usr/bin/*")));
        all.add(new MarkerCataloger("marker-too", List.of("/opt/**")));
        return all;
    }

    @Test
    void catalog_realDpkgDatabase_equalsDpkgQueryMinusThePackageRemovedInALaterLayer() {
        Sbom sbom = catalog("v2", OsCatalogers.all());
        Set<String> got = sbom.packages().stream().filter(p -> p.type().equals("deb"))
                .map(p -> p.name() + " " + p.version() + " " + p.metadata("arch").orElseThrow())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(installed);
        expected.removeIf(l -> l.startsWith(removed + " "));
        assertThat(got).isEqualTo(expected);
        assertThat(expected).hasSize(installed.size() - 1);
    }

    @Test
    void catalog_lowerLayer_stillHoldsThePackageRemovedLater() {
        Sbom sbom = catalog("v1", OsCatalogers.all());
        assertThat(sbom.packages()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo(removed);
            assertThat(p.files()).isNotEmpty();
        });
        assertThat(sbom.packages()).hasSize(installed.size());
    }

    @Test
    void catalog_debPackage_hasPurlWithDistroUpstreamFilesAndLayer() throws IOException {
        Sbom sbom = catalog("v2", OsCatalogers.all());
        String osRelease = Files.readString(Path.of("/etc/os-release"));
        String id = value(osRelease, "ID");
        String versionId = value(osRelease, "VERSION_ID");
        String arch = OsTestImages.run(List.of("dpkg-query", "-W", "-f", "${Architecture}", "dpkg")).strip();
        String version = OsTestImages.run(List.of("dpkg-query", "-W", "-f", "${Version}", "dpkg")).strip();
        Package dpkg = sbom.packages().stream().filter(p -> p.name().equals("dpkg")).findFirst().orElseThrow();
        assertThat(dpkg.purl().toString()).isEqualTo("pkg:deb/" + id + "/dpkg@" + version + "?arch=" + arch
                + "&distro=" + id + (versionId.isEmpty() ? "" : "-" + versionId));
        assertThat(dpkg.files()).contains("/usr/bin/dpkg", "/usr/bin/dpkg-query");
        assertThat(dpkg.locations()).singleElement().satisfies(l -> {
            assertThat(l.path()).isEqualTo("/var/lib/dpkg/status");
            assertThat(l.layerIndex()).isEqualTo(1);
            assertThat(l.layerDigest()).contains(sbom.subject().layers().get(1));
        });
        // A binary package built from a source package of another name: libc6 from glibc.
        String libcSource = OsTestImages.run(List.of("dpkg-query", "-W", "-f", "${source:Package}", "libc6")).strip();
        Package libc = sbom.packages().stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        assertThat(libc.metadata("sourceName")).contains(libcSource);
        assertThat(libc.purl().qualifiers().get("upstream")).startsWith(libcSource);
        assertThat(sbom.subject().os()).hasValueSatisfying(os -> assertThat(os.id()).isEqualTo(id));
    }

    @Test
    void catalog_subject_namesLocationDigestsPlatformAndLayers() {
        Sbom sbom = catalog("v2", OsCatalogers.all());
        try (Image image = ImageReader.create().open("oci:" + layout + ":v2")) {
            assertThat(sbom.subject().name()).isEqualTo(image.location().toString());
            assertThat(sbom.subject().manifestDigest()).isEqualTo(image.manifest().digest());
            assertThat(sbom.subject().configDigest()).contains(image.manifest().config().digest());
            assertThat(sbom.subject().platform()).contains(image.config().platform());
            assertThat(sbom.subject().layers()).hasSize(2).isEqualTo(image.layers().stream().map(d -> d.digest()).toList());
        }
        assertThat(sbom.skipped()).isEmpty();
    }

    @Test
    void catalog_fileDeletedInALaterLayer_producesNoPackage() {
        Sbom sbom = catalog("v2", withMarkers());
        assertThat(sbom.packages()).noneMatch(p -> p.name().equals("gone.marker"));
        assertThat(catalog("v1", withMarkers()).packages()).anyMatch(p -> p.name().equals("gone.marker"));
    }

    @Test
    void catalog_fileWantedByTwoCatalogers_reachesBothWithItsFullContent() {
        Sbom sbom = catalog("v2", withMarkers());
        assertThat(sbom.packages()).filteredOn(p -> p.name().equals("kept.marker"))
                .extracting(Package::foundBy, Package::version)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("marker", "1.0"),
                        org.assertj.core.groups.Tuple.tuple("marker-too", "1.0"));
    }

    @Test
    void catalog_languagePackageAtAFileADebOwns_isMarkedOsOwned() {
        Sbom sbom = catalog("v2", withMarkers());
        Package owned = sbom.packages().stream().filter(p -> p.name().equals("dpkg") && p.type().equals("generic"))
                .findFirst().orElseThrow();
        assertThat(owned.metadata("osOwned")).contains("true");
        assertThat(owned.metadata("osOwnedBy")).contains("deb:dpkg");
        Package free = sbom.packages().stream().filter(p -> p.name().equals("kept.marker")).findFirst().orElseThrow();
        assertThat(free.metadata("osOwned")).isEmpty();
    }

    @Test
    void catalog_packages_areSortedByTypeNameVersionLocation() {
        List<Package> packages = catalog("v2", withMarkers()).packages();
        List<Package> sorted = new ArrayList<>(packages);
        sorted.sort(java.util.Comparator.comparing(Package::type).thenComparing(Package::name)
                .thenComparing(Package::version));
        assertThat(packages).extracting(Package::type, Package::name, Package::version)
                .containsExactlyElementsOf(sorted.stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.type(), p.name(), p.version())).toList());
    }

    @Test
    void catalog_progress_reportsEachCataloger() {
        List<String> tasks = new CopyOnWriteArrayList<>();
        try (Image image = ImageReader.create().open("oci:" + layout + ":v2")) {
            ImageCataloger.builder().catalogers(OsCatalogers.all()).progress((t, d, n) -> tasks.add(t)).build()
                    .catalog(image);
        }
        assertThat(tasks).contains("catalog dpkg", "catalog apk", "catalog rpm");
    }

    @Test
    void build_duplicateCatalogerId_isRejectedNamingTheId() {
        List<Cataloger> twice = List.of(new MarkerCataloger("same-id", List.of("/a")),
                new MarkerCataloger("same-id", List.of("/b")));
        assertThatThrownBy(() -> ImageCataloger.builder().catalogers(twice).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'same-id'");
    }

    @Test
    void build_relativeGlob_isRejectedNamingTheCataloger() {
        assertThatThrownBy(() -> ImageCataloger.builder()
                .catalogers(List.of(new MarkerCataloger("rel", List.of("var/lib/x")))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rel'");
    }

    @Test
    void create_defaults_includeTheOsCatalogers() {
        assertThat(ImageCataloger.create().catalogerIds()).contains("dpkg", "apk", "rpm").doesNotHaveDuplicates();
    }

    private static String value(String osRelease, String key) {
        return osRelease.lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1).replace("\"", "")).orElse("");
    }
}
