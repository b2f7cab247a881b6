package dev.containersec.policy.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.image.Image;
import dev.containersec.image.ImageReader;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyPackCheck;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicyWaivers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code image-signature} pack over signature facts, on a real image. */
class ImageSignaturePackTest {

    @TempDir
    static Path dir;

    static Path layout;

    @BeforeAll
    static void buildImage() throws Exception {
        UmociImages.assumeUmoci();
        layout = UmociImages.build(dir.resolve("app"), root -> UmociImages.write(root.resolve("app/run"), "run\n"),
                "--config.user", "1000");
    }

    private static Map<String, Object> facts(boolean signed, List<Map<String, Object>> signatures) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", "app");
        m.put("digest", "sha256:" + "a".repeat(64));
        m.put("signed", signed);
        m.put("signatures", signatures);
        m.put("attestations", List.of());
        return m;
    }

    private static Map<String, Object> signature(boolean verified, String reason) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("keyId", "ab".repeat(32));
        s.put("algorithm", "ecdsa-p256-sha256");
        s.put("dockerReference", "example/app");
        s.put("verified", verified);
        s.put("reason", reason);
        return s;
    }

    private static PolicyPackResult check(PolicyPackCheck check, Map<String, ?> facts) {
        try (Image image = ImageReader.create().open("oci:" + layout + ":" + UmociImages.TAG)) {
            return check.checkImage(image, "app", List.of(), facts);
        }
    }

    private static PolicyPackCheck pack() {
        return PolicyPackCheck.builder().packs(List.of("image-signature")).build();
    }

    @Test
    void signedImage_isAllowed() {
        PolicyPackResult r = check(pack(), facts(true, List.of(signature(true, ""))));
        assertThat(r.allowed()).isTrue();
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void rejectedSignature_failsWithItsReason() {
        PolicyPackResult r = check(pack(), facts(false, List.of(signature(false, "signature does not verify"))));
        assertThat(r.allowed()).isFalse();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.violation().rule()).isEqualTo("image-signature-missing");
            assertThat(f.violation().message()).contains("none verified").contains("signature does not verify");
            assertThat(f.aliases()).contains("CIS-DI-0005");
        });
    }

    @Test
    void unverifiedImage_emptyFacts_failsClosed_withTheImageDigest() {
        PolicyPackResult r = check(pack(), Map.of());
        assertThat(r.allowed()).isFalse();
        assertThat(r.findings()).singleElement()
                .satisfies(f -> assertThat(f.value()).hasValueSatisfying(v -> assertThat(v).startsWith("sha256:")));
    }

    @Test
    void auditMode_reportsButAllows() {
        PolicyPackCheck audit = PolicyPackCheck.builder().packs(List.of("image-signature"))
                .mode("image-signature", PolicyMode.AUDIT).build();
        PolicyPackResult r = check(audit, Map.of());
        assertThat(r.allowed()).isTrue();
        assertThat(r.findings()).hasSize(1);
    }

    @Test
    void waiver_scopedToTheImage_accepts() throws Exception {
        Path waivers = Files.writeString(dir.resolve("waivers.yaml"), """
                waivers:
                  - rule: CIS-DI-0005
                    image: app
                    reason: signed out of band until the pipeline signs
                    expires: 2999-01-01
                """);
        PolicyPackCheck waived = PolicyPackCheck.builder().packs(List.of("image-signature"))
                .waivers(PolicyWaivers.load(waivers)).today(LocalDate.of(2026, 11, 27)).build();
        PolicyPackResult r = check(waived, Map.of());
        assertThat(r.allowed()).isTrue();
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.waiver()).isPresent());
    }

    @Test
    void malformedFacts_areRefusedNamingTheKey() {
        Map<String, Object> bad = facts(true, List.of());
        bad.remove("signed");
        assertThatThrownBy(() -> check(pack(), bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signed");
    }
}
