package dev.containersec.policy.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Healthcheck;
import dev.containersec.api.HistoryEntry;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.Platform;
import dev.containersec.image.Image;
import dev.containersec.image.ImageCataloger;
import dev.containersec.image.ImageReader;
import dev.containersec.policy.ImageHardening;
import dev.containersec.policy.PolicyPackCheck;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicyPackRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageHardeningTest {

    private static final Healthcheck HEALTHCHECK = new Healthcheck(List.of("CMD", "/app/health"),
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ZERO, 3);
    private static final String FAKE_AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE";

    @TempDir
    static Path dir;

    static Path dirty;
    static Path clean;

    @BeforeAll
    static void buildImages() throws Exception {
        UmociImages.assumeUmoci();
        dirty = UmociImages.build(dir.resolve("dirty"), root -> {
            UmociImages.write(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            UmociImages.write(root.resolve("usr/bin/sudo"), "fake sudo\n");
            UmociImages.write(root.resolve("usr/bin/passwd"), "fake passwd\n");
            Files.setPosixFilePermissions(root.resolve("usr/bin/passwd"), PosixFilePermissions.fromString("rwxr-xr-x"));
            UmociImages.run("chmod", "4755", root.resolve("usr/bin/passwd").toString());
            UmociImages.write(root.resolve("root/.ssh/id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
            UmociImages.write(root.resolve("app/tls.pem"), "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n");
            UmociImages.write(root.resolve("app/ca.pem"), "-----BEGIN CERTIFICATE-----\nabc\n");
            UmociImages.write(root.resolve("root/.aws/credentials"),
                    "[default]\naws_access_key_id = " + FAKE_AWS_KEY + "\naws_secret_access_key = x\n");
            UmociImages.write(root.resolve("root/.docker/config.json"), "{\"auths\":{\"ghcr.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}");
            UmociImages.write(root.resolve("home/app/.docker/config.json"), "{\"auths\":{},\"credsStore\":\"desktop\"}");
            UmociImages.write(root.resolve("var/cache/apt/archives/curl_8.0_amd64.deb"), "deb");
            UmociImages.write(root.resolve("var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease"), "lists");
            UmociImages.write(root.resolve("var/cache/apk/APKINDEX.abc.tar.gz"), "apk");
            UmociImages.write(root.resolve("root/.cache/pip/http/a/b"), "pip");
        }, "--config.env", "AWS_ACCESS_KEY_ID=" + FAKE_AWS_KEY, "--config.env", "DB_PASSWORD=hunter2",
                "--config.env", "PASSWORD_FILE=/run/secrets/db", "--config.label", "api.token=abc123",
                "--history.created_by", "/bin/sh -c #(nop) ADD https://example.com/tool.tgz /opt/");
        clean = UmociImages.build(dir.resolve("clean"), root -> {
            UmociImages.write(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n");
            UmociImages.write(root.resolve("app/ca.pem"), "-----BEGIN CERTIFICATE-----\nabc\n");
            UmociImages.write(root.resolve("var/lib/apt/lists/lock"), "");
        }, "--config.user", "1000:1000", "--config.env", "PATH=/usr/bin:/bin",
                "--history.created_by", "COPY app /app # buildkit");
    }

    private static PolicyPackResult evaluate(Path layout) {
        try (Image image = ImageReader.create().open("oci:" + layout + ":" + UmociImages.TAG)) {
            return ImageHardening.defaults().evaluate(image, "oci:" + layout.getFileName());
        }
    }

    private static List<String> values(PolicyPackResult r, String rule) {
        return r.findings().stream().filter(f -> f.violation().rule().equals(rule))
                .map(f -> f.value().orElse("")).toList();
    }

    private static ImageConfig config(String user, List<String> env, Map<String, String> labels,
                                      Optional<Healthcheck> healthcheck, List<String> history) {
        List<HistoryEntry> h = new ArrayList<>();
        for (String s : history) {
            h.add(new HistoryEntry(Optional.empty(), s, "", "", false));
        }
        return new ImageConfig(Platform.of("linux", "amd64"), Optional.empty(), "", user, env, List.of(), List.of(), "",
                new TreeSet<>(), new TreeSet<>(), new TreeMap<>(labels), Optional.empty(), healthcheck, h, List.of());
    }

    private static List<String> rules(ImageConfig config) {
        return ImageHardening.defaults().evaluate(config, "img").findings().stream()
                .map(f -> f.violation().rule()).toList();
    }

    @Test
    void realImage_withEveryProblem_isReportedRuleByRule() {
        PolicyPackResult r = evaluate(dirty);

        assertThat(r.allowed()).isFalse();
        assertThat(r.kind()).isEqualTo("Image");
        assertThat(values(r, "image-root-user")).containsExactly("unset");
        assertThat(values(r, "image-secret-in-config")).containsExactlyInAnyOrder("AWS_ACCESS_KEY_ID", "DB_PASSWORD",
                "api.token");
        assertThat(values(r, "image-secret-file")).containsExactly("/app/tls.pem", "/root/.aws/credentials",
                "/root/.docker/config.json", "/root/.ssh/id_rsa");
        assertThat(values(r, "image-setuid-setgid")).containsExactly("/usr/bin/passwd");
        assertThat(values(r, "image-add-remote-url")).containsExactly("https://example.com/tool.tgz");
        assertThat(values(r, "image-no-healthcheck")).containsExactly("unset");
        assertThat(values(r, "image-sudo")).containsExactly("/usr/bin/sudo");
        assertThat(values(r, "image-package-cache")).containsExactly("/root/.cache/pip", "/var/cache/apk",
                "/var/cache/apt/archives", "/var/lib/apt/lists");
    }

    @Test
    void realImage_messagesNeverContainSecretValues() {
        PolicyPackResult r = evaluate(dirty);

        assertThat(r.findings()).extracting(f -> f.violation().message())
                .noneMatch(m -> m.contains(FAKE_AWS_KEY) || m.contains("hunter2") || m.contains("abc123"));
    }

    @Test
    void imageCheck_fileWalkRunInsideTheCatalog_givesExactlyTheResultOfCheckImage() {
        PolicyPackCheck check = PolicyPackCheck.builder().packs(List.of("image-hardening", "vuln-gate")).build();
        for (Path layout : List.of(dirty, clean)) {
            try (Image image = ImageReader.create().open("oci:" + layout + ":" + UmociImages.TAG)) {
                PolicyPackResult twoWalks = check.checkImage(image, "img", List.of(), Map.of());

                PolicyPackCheck.ImageCheck pending = check.imageCheck(image, "img");
                ImageCataloger.create().catalog(image, pending.fileWalk().orElseThrow());
                PolicyPackResult oneWalk = pending.finish(List.of(), Map.of());

                assertThat(oneWalk.asMap()).isEqualTo(twoWalks.asMap());
                assertThat(oneWalk).isEqualTo(twoWalks);
            }
        }
        try (Image image = ImageReader.create().open("oci:" + dirty + ":" + UmociImages.TAG)) {
            assertThat(values(check.checkImage(image, "img"), "image-secret-file")).hasSize(4);
        }
    }

    @Test
    void imageCheck_finishBeforeTheFileWalkRan_failsInsteadOfPassingUnseenFiles() {
        PolicyPackCheck check = PolicyPackCheck.builder().packs(List.of("image-hardening")).build();
        try (Image image = ImageReader.create().open("oci:" + dirty + ":" + UmociImages.TAG)) {
            PolicyPackCheck.ImageCheck pending = check.imageCheck(image, "img");
            pending.fileWalk().orElseThrow();

            assertThatThrownBy(() -> pending.finish(List.of(), Map.of())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has not run");
        }
    }

    @Test
    void imageCheck_fileWalkRunTwice_failsInsteadOfCountingFilesTwice() {
        PolicyPackCheck check = PolicyPackCheck.builder().packs(List.of("image-hardening")).build();
        try (Image image = ImageReader.create().open("oci:" + dirty + ":" + UmociImages.TAG)) {
            PolicyPackCheck.ImageCheck pending = check.imageCheck(image, "img");
            image.walk(pending.fileWalk().orElseThrow());

            assertThatThrownBy(() -> image.walk(pending.fileWalk().orElseThrow()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already run");
            assertThat(pending.finish(List.of(), Map.of())).isEqualTo(check.checkImage(image, "img"));
        }
    }

    @Test
    void imageCheck_withoutImageHardening_readsNoFiles() {
        PolicyPackCheck check = PolicyPackCheck.builder().packs(List.of("vuln-gate")).build();
        try (Image image = ImageReader.create().open("oci:" + dirty + ":" + UmociImages.TAG)) {
            PolicyPackCheck.ImageCheck pending = check.imageCheck(image, "img");

            assertThat(pending.fileWalk()).isEmpty();
            assertThat(pending.finish(List.of(), Map.of())).isEqualTo(check.checkImage(image, "img"));
        }
    }

    @Test
    void realImage_clean_failsOnlyTheHealthcheckRule() {
        PolicyPackResult r = evaluate(clean);

        assertThat(r.findings()).extracting(f -> f.violation().rule()).containsExactly("image-no-healthcheck");
    }

    @Test
    void rootUser_numericOrNamedRoot_failsAndOtherUsersPass() {
        assertThat(rules(config("0:0", List.of(), Map.of(), Optional.of(HEALTHCHECK), List.of())))
                .containsExactly("image-root-user");
        assertThat(rules(config("root", List.of(), Map.of(), Optional.of(HEALTHCHECK), List.of())))
                .containsExactly("image-root-user");
        assertThat(rules(config("app", List.of(), Map.of(), Optional.of(HEALTHCHECK), List.of()))).isEmpty();
    }

    @Test
    void secretsInEnv_needANonEmptyValueAndASensitiveName_orASecretLookingValue() {
        assertThat(rules(config("app", List.of("API_TOKEN=", "PASSWORD_FILE=/run/secrets/x", "PATH=/bin",
                "GPG_KEY=ABCDEF"), Map.of(), Optional.of(HEALTHCHECK), List.of()))).isEmpty();
        assertThat(rules(config("app", List.of("GITHUB_TOKEN=abc"), Map.of(), Optional.of(HEALTHCHECK), List.of())))
                .containsExactly("image-secret-in-config");
        assertThat(rules(config("app", List.of("NOTE=" + FAKE_AWS_KEY), Map.of(), Optional.of(HEALTHCHECK), List.of())))
                .containsExactly("image-secret-in-config");
        assertThat(rules(config("app", List.of(), Map.of("key", "-----BEGIN RSA PRIVATE KEY-----"),
                Optional.of(HEALTHCHECK), List.of()))).containsExactly("image-secret-in-config");
    }

    @Test
    void secretsInHistory_assignmentsWithValuesFail_variableReferencesPass() {
        assertThat(rules(config("app", List.of(), Map.of(), Optional.of(HEALTHCHECK),
                List.of("RUN /bin/sh -c curl -u admin:x https://x && MYSQL_PASSWORD=s3cret ./setup")))).containsExactly(
                "image-secret-in-config");
        assertThat(rules(config("app", List.of(), Map.of(), Optional.of(HEALTHCHECK),
                List.of("RUN /bin/sh -c TOKEN=$CI_TOKEN ./fetch", "ENV PASSWORD=")))).isEmpty();
    }

    @Test
    void addRemoteUrl_failsButCopyAndLocalAddPass() {
        assertThat(rules(config("app", List.of(), Map.of(), Optional.of(HEALTHCHECK),
                List.of("ADD --chown=1:1 http://example.com/a.tgz /a # buildkit")))).containsExactly("image-add-remote-url");
        assertThat(rules(config("app", List.of(), Map.of(), Optional.of(HEALTHCHECK),
                List.of("ADD app.tgz /app # buildkit", "COPY https-notes.txt /x # buildkit")))).isEmpty();
    }

    @Test
    void healthcheck_missingOrDisabled_fails() {
        assertThat(rules(config("app", List.of(), Map.of(), Optional.empty(), List.of())))
                .containsExactly("image-no-healthcheck");
        Healthcheck none = new Healthcheck(List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
        assertThat(rules(config("app", List.of(), Map.of(), Optional.of(none), List.of())))
                .containsExactly("image-no-healthcheck");
    }

    @Test
    void rules_keepCisAndDockleAliases() {
        assertThat(ImageHardening.rules()).extracting(PolicyPackRule::id).doesNotHaveDuplicates();
        assertThat(ImageHardening.rules()).filteredOn(r -> r.id().equals("image-root-user")).singleElement()
                .satisfies(r -> assertThat(r.aliases()).contains("CIS-DI-0001", "DL3002"));
        assertThat(ImageHardening.rules()).filteredOn(r -> r.id().equals("image-sudo")).singleElement()
                .satisfies(r -> assertThat(r.aliases()).contains("DKL-DI-0001"));
        assertThat(ImageHardening.rules()).filteredOn(r -> r.id().equals("image-package-cache")).singleElement()
                .satisfies(r -> assertThat(r.isNamed("dkl-di-0005")).isTrue());
        List<PolicyPackFinding> none = List.of();
        assertThat(none).isEmpty();
    }
}
