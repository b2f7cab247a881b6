package dev.containersec.cli.policy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.Finding;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.Platform;
import dev.containersec.cli.Cli;
import dev.containersec.cli.TestImages;
import dev.containersec.cli.VulnerableImages;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageCataloger;
import dev.containersec.image.ImageLocation;
import dev.containersec.image.ImageManifest;
import dev.containersec.image.ImageReader;
import dev.containersec.image.WalkResult;
import dev.containersec.policy.PolicyPackCheck;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicyWaivers;
import dev.containersec.policy.VulnGate;
import dev.containersec.sbom.VulnerabilityDb;
import dev.containersec.sbom.VulnerabilityScanner;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy check IMAGE --db DB} reads each image's layers once: the cataloging walk for the vulnerability
 * scan also feeds image-hardening's file rules. Its JSON equals what the previous two-walk way (catalog, then
 * {@code PolicyPackCheck.checkImage}, which walks again) gives, on the CLI tests' images: the vulnerable and
 * clean Debian layouts, and the umoci-built standard image with a layer of hardening problems and the log4j
 * jar added, as an OCI layout, an oci-archive and a docker-archive.
 */
class PolicyCheckOneWalkTest {
    private static final List<String> DEFAULT_PACKS = List.of("pss-baseline", "k8s-hardening", "image-hardening",
            "vuln-gate");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static VulnerableImages vulnerableImages;
    static List<String> images = new ArrayList<>();
    static String dirty;

    @BeforeAll
    static void buildImages() throws Exception {
        assumeShadedCel();
        vulnerableImages = VulnerableImages.create(tmp);
        images.add(vulnerableImages.vulnerable());
        images.add(vulnerableImages.clean());
        TestImages.assumeTools();
        Path layout = TestImages.buildLayout(tmp.resolve("dirty"));
        byte[] jar;
        try (InputStream in = PolicyCheckOneWalkTest.class.getResourceAsStream("/demo/log4j-core-2.14.1.jar")) {
            jar = in.readAllBytes();
        }
        TestImages.addLayer(layout, root -> {
            write(root.resolve("app/lib/log4j-core-2.14.1.jar"), jar);
            write(root.resolve("usr/bin/sudo"), "fake sudo\n".getBytes(UTF_8));
            write(root.resolve("usr/bin/passwd"), "fake passwd\n".getBytes(UTF_8));
            write(root.resolve("root/.ssh/id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n".getBytes(UTF_8));
            write(root.resolve("app/tls.pem"), "-----BEGIN PRIVATE KEY-----\nabc\n".getBytes(UTF_8));
            write(root.resolve("app/ca.pem"), "-----BEGIN CERTIFICATE-----\nabc\n".getBytes(UTF_8));
            Files.createSymbolicLink(root.resolve("app/current.pem"), Path.of("tls.pem"));
            write(root.resolve("root/.docker/config.json"), "{\"auths\":{\"ghcr.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}"
                    .getBytes(UTF_8));
            write(root.resolve("var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease"), "lists".getBytes(UTF_8));
            try {
                TestImages.run("chmod", "4755", root.resolve("usr/bin/passwd").toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException(e);
            }
        });
        dirty = "oci:" + layout + ":" + TestImages.TAG;
        images.add(dirty);
        images.add("oci-archive:" + TestImages.toOciArchive(layout, tmp.resolve("dirty.tar")));
        images.add("docker-archive:" + TestImages.toDockerArchive(layout, tmp.resolve("dirty-docker.tar")));
    }

    /**
     * Skips when the policy module on the path is its classes directory, without the CEL-Java it shades into its
     * jar at {@code package} (as {@code PolicyCheckCommandTest} does): image checks evaluate signature facts with CEL.
     */
    private static void assumeShadedCel() {
        boolean present;
        try {
            Class.forName("dev.containersec.policy.internal.shaded.cel.common.types.CelType", false,
                    PolicyCheckOneWalkTest.class.getClassLoader());
            present = true;
        } catch (ClassNotFoundException | LinkageError e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "containersec-policy is not packaged (no shaded CEL): run after package");
    }

    private static void write(Path file, byte[] content) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** The check {@code policy check --db DB} builds with no other options. */
    private static PolicyPackCheck defaultCheck() {
        return PolicyPackCheck.builder().packs(DEFAULT_PACKS).k8sVersion("latest")
                .vulnGate(VulnGate.defaults().fixableOnly(false)).waivers(PolicyWaivers.none())
                .today(LocalDate.now()).build();
    }

    /** The previous way: one walk to catalog for the scan, a second inside checkImage for image-hardening. */
    private static PolicyPackResult twoWalks(PolicyPackCheck check, Image image, String in, VulnerabilityDb db) {
        List<Finding> findings = VulnerabilityScanner.of(db).scan(ImageCataloger.create().catalog(image)).findings();
        return check.checkImage(image, in, findings, Map.of());
    }

    @Test
    void policyCheckWithDb_givesTheSameJsonAsTheTwoWalkWay_onEveryTestImage() throws Exception {
        PolicyPackCheck check = defaultCheck();
        try (VulnerabilityDb db = VulnerabilityDb.open(Path.of(vulnerableImages.db()))) {
            for (String in : images) {
                Cli.Result r = Cli.run("policy", "check", in, "--db", vulnerableImages.db(), "--format", "json");
                PolicyPackResult before;
                Map<String, Object> result;
                try (Image image = ImageReader.create().open(in)) {
                    before = twoWalks(check, image, in, db);
                    result = new LinkedHashMap<>(before.asMap());
                    image.resolvedDigest().ifPresent(d -> result.put("digest", d.toString()));
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("results", List.of(result));
                doc.put("allowed", before.allowed());
                doc.put("packs", check.packs());
                doc.put("expiredWaivers", List.of());

                assertThat(r.exitCode()).as(r.toString()).isEqualTo(before.allowed() ? 0 : 1);
                assertThat(JSON.readTree(r.out())).as(in).isEqualTo(JSON.valueToTree(doc));
            }
        }
        // The comparison is not vacuous: the dirty image fails rules of both walks' packs.
        JsonNode dirtyResult = JSON.readTree(Cli.run("policy", "check", dirty, "--db", vulnerableImages.db(),
                "--format", "json").out()).path("results").get(0);
        List<String> rules = new ArrayList<>();
        dirtyResult.path("violations").forEach(v -> rules.add(v.path("rule").asText() + " " + v.path("value").asText()));
        assertThat(rules).contains("vuln-severity GHSA-jfh8-c2jp-5v3q", "image-secret-file /app/current.pem",
                "image-secret-file /app/tls.pem", "image-secret-file /root/.docker/config.json",
                "image-secret-file /root/.ssh/id_rsa", "image-setuid-setgid /usr/bin/passwd", "image-sudo /usr/bin/sudo",
                "image-package-cache /var/lib/apt/lists");
    }

    @Test
    void checkOpened_withDbAndImageHardening_walksTheLayersOnce_andTheTwoWalkWayTwice() {
        PolicyPackCheck check = defaultCheck();
        try (VulnerabilityDb db = VulnerabilityDb.open(Path.of(vulnerableImages.db()));
             CountingImage image = new CountingImage(ImageReader.create().open(dirty))) {
            PolicyPackResult after = PolicyCheckCommand.checkOpened(check, image, dirty, db, Map.of());
            assertThat(image.walks.get()).isEqualTo(1);

            PolicyPackResult before = twoWalks(check, image, dirty, db);
            assertThat(image.walks.get()).isEqualTo(3);
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void checkOpened_withoutDb_walksOnceForImageHardening_andNotAtAllWithoutIt() {
        PolicyPackCheck hardening = PolicyPackCheck.builder().packs(List.of("image-hardening")).build();
        PolicyPackCheck configOnly = PolicyPackCheck.builder().packs(List.of("image-signature")).build();
        try (CountingImage image = new CountingImage(ImageReader.create().open(dirty))) {
            PolicyPackResult r = PolicyCheckCommand.checkOpened(hardening, image, dirty, null, Map.of());
            assertThat(image.walks.get()).isEqualTo(1);
            assertThat(r).isEqualTo(hardening.checkImage(image, dirty));

            PolicyCheckCommand.checkOpened(configOnly, image, dirty, null, Map.of());
            assertThat(image.walks.get()).isEqualTo(2);
        }
    }

    /** A real image that counts the walks over its layers. */
    private static final class CountingImage implements Image {
        final Image image;
        final AtomicInteger walks = new AtomicInteger();

        CountingImage(Image image) {
            this.image = image;
        }

        @Override
        public ImageLocation location() {
            return image.location();
        }

        @Override
        public List<Platform> availablePlatforms() {
            return image.availablePlatforms();
        }

        @Override
        public ImageManifest manifest() {
            return image.manifest();
        }

        @Override
        public Optional<Digest> resolvedDigest() {
            return image.resolvedDigest();
        }

        @Override
        public ImageConfig config() {
            return image.config();
        }

        @Override
        public List<Descriptor> layers() {
            return image.layers();
        }

        @Override
        public WalkResult walk(FileWalk walk) {
            walks.incrementAndGet();
            return image.walk(walk);
        }

        @Override
        public void close() {
            image.close();
        }
    }
}
