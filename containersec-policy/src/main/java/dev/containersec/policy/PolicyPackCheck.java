package dev.containersec.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Finding;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.policy.internal.hardening.DocumentPaths;
import dev.containersec.policy.internal.hardening.ImageHardeningRules;
import dev.containersec.policy.internal.hardening.K8sHardeningRules;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import dev.containersec.policy.internal.signature.ImageSignatureRules;
import dev.containersec.policy.internal.vuln.FindingsReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The front door of {@code containersec policy check}: runs built-in packs and CEL policies over manifests and
 * images, applies waivers, and returns one {@link PolicyPackResult} per manifest document or image.
 *
 * <pre>{@code
 * PolicyPackCheck check = PolicyPackCheck.builder()
 *         .packs(List.of("pss-restricted", "k8s-hardening"))
 *         .waivers(PolicyWaivers.load(Path.of("waivers.yaml")))
 *         .build();
 * List<PolicyPackResult> results = check.checkManifests(Path.of("deploy.yaml"));
 * boolean pass = results.stream().allMatch(PolicyPackResult::allowed);
 * }</pre>
 *
 * <p>Packs: {@code pss-baseline} and {@code pss-restricted} ({@link PodSecurity}), {@code k8s-hardening}
 * ({@link K8sHardening}) apply to manifests; {@code image-hardening} ({@link ImageHardening}) to images;
 * {@code vuln-gate} ({@link VulnGate}) to an image's findings and to scan reports. CEL
 * policies apply to the inputs of their kind ({@code ValidatingAdmissionPolicy} to manifests,
 * {@code ImagePolicy} to images) and keep their own modes. Each pack runs in a {@link PolicyMode} (default
 * {@link PolicyMode#DENY}). Instances are immutable and thread-safe.
 */
public final class PolicyPackCheck {

    /** The kind of the result for a findings report written by {@code containersec scan --format json}. */
    public static final String REPORT_KIND = "VulnerabilityReport";

    /** The built-in pack names. */
    public static final List<String> PACKS = List.of("pss-baseline", "pss-restricted", "k8s-hardening",
            "image-hardening", "vuln-gate", "image-signature");

    private final List<String> packs;
    private final Map<String, PolicyMode> modes;
    private final List<CelPolicy> policies;
    private final CelPolicyEngine engine;
    private final PssVersion version;
    private final K8sHardening k8s;
    private final VulnGate vulnGate;
    private final PolicyWaivers waivers;
    private final LocalDate today;
    private final ScanLimits limits;
    private final ManifestLoader loader;

    private PolicyPackCheck(Builder b) {
        this.packs = List.copyOf(b.packs);
        this.modes = Map.copyOf(b.modes);
        this.policies = List.copyOf(b.policies);
        this.engine = b.engine;
        this.version = b.version;
        this.k8s = b.k8s;
        this.vulnGate = b.vulnGate;
        this.waivers = b.waivers;
        this.today = b.today;
        this.limits = b.limits;
        this.loader = new ManifestLoader(limits);
    }

    /**
     * Starts configuring a check: no packs, no policies, version {@code latest}, no waivers, today's date.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the rules of a built-in pack that has rule metadata.
     *
     * @param pack {@code k8s-hardening}, {@code image-hardening}, {@code vuln-gate} or {@code image-signature}
     * @return the rules; empty for the Pod Security Standards packs (their rules are PSA check IDs)
     * @throws IllegalArgumentException naming the value and the accepted names if it is not a pack
     */
    public static List<PolicyPackRule> rules(String pack) {
        switch (checkPack(pack)) {
            case "k8s-hardening":
                return K8sHardening.rules();
            case "image-hardening":
                return ImageHardening.rules();
            case "vuln-gate":
                return VulnGate.rules();
            case "image-signature":
                return ImageSignatureRules.RULES;
            default:
                return List.of();
        }
    }

    private static String checkPack(String pack) {
        Objects.requireNonNull(pack, "pack");
        if (!PACKS.contains(pack)) {
            throw new IllegalArgumentException("unknown pack '" + pack + "'; expected one of "
                    + String.join(", ", PACKS));
        }
        return pack;
    }

    /**
     * Returns the packs that run.
     *
     * @return the pack names, in the order given
     */
    public List<String> packs() {
        return packs;
    }

    /**
     * Returns the waivers that have expired (and so do not apply).
     *
     * @return the expired waivers, in file order
     */
    public List<PolicyWaiver> expiredWaivers() {
        return waivers.expired(today);
    }

    private PolicyMode mode(String pack) {
        return modes.getOrDefault(pack, modes.getOrDefault("*", PolicyMode.DENY));
    }

    /**
     * Checks a manifest file, or a findings report.
     *
     * <p>A JSON object written by {@code containersec scan --format json} (an object with {@code target} and a
     * {@code findings} array) is not a manifest: it gives one result of kind {@value #REPORT_KIND}, named after
     * the report's target, with the {@code vuln-gate} findings when that pack is selected (none otherwise).
     *
     * @param file a YAML (several documents allowed) or JSON manifest, or a scan report
     * @return one result per document, in document order, {@code input} being the path as given
     * @throws InvalidInputException if the file cannot be read or is malformed or hostile
     */
    public List<PolicyPackResult> checkManifests(Path file) {
        return checkManifests(loader.read(Objects.requireNonNull(file, "file")), file.toString());
    }

    /**
     * Checks a manifest held in memory.
     *
     * @param content a YAML or JSON manifest
     * @param source a name for the content, used as each result's {@code input}
     * @return one result per document, in document order
     * @throws InvalidInputException if the content is malformed or hostile
     */
    public List<PolicyPackResult> checkManifests(byte[] content, String source) {
        return checkManifests(content, source, List.of());
    }

    /**
     * Checks several manifest files (or findings reports) as one set: the Namespace objects of every file are
     * known to the CEL policies' {@code namespaceSelector} and {@code namespaceObject} in every other file.
     *
     * @param files the files, in order
     * @return the results of each file in turn, as {@link #checkManifests(Path)} gives them
     * @throws InvalidInputException if a file cannot be read or is malformed or hostile
     */
    public List<PolicyPackResult> checkManifests(List<Path> files) {
        List<byte[]> contents = new ArrayList<>(files.size());
        List<CelInput> context = new ArrayList<>();
        boolean cel = policies.stream().anyMatch(p -> p.kind() == CelPolicyKind.VALIDATING_ADMISSION_POLICY);
        for (Path file : files) {
            byte[] content = loader.read(Objects.requireNonNull(file, "file"));
            contents.add(content);
            if (cel) {
                engine.manifests(content, file.toString()).stream()
                        .filter(CelInput::isNamespace).forEach(context::add);
            }
        }
        List<PolicyPackResult> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            out.addAll(checkManifests(contents.get(i), files.get(i).toString(), context));
        }
        return List.copyOf(out);
    }

    private List<PolicyPackResult> checkManifests(byte[] content, String source, List<CelInput> context) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(source, "source");
        List<ManifestDocument> docs = loader.load(content, source);
        if (docs.size() == 1 && FindingsReport.isReport(docs.get(0).content())) {
            JsonNode report = docs.get(0).content();
            String target = FindingsReport.target(report);
            List<PolicyPackFinding> findings = packs.contains("vuln-gate")
                    ? vulnGate.check(FindingsReport.findings(report, source), target, today, mode("vuln-gate"))
                    : List.of();
            return List.of(waivers.apply(new PolicyPackResult(source, 0, docs.get(0).line(), REPORT_KIND, target,
                    Optional.empty(), findings, new TreeMap<>()), today));
        }
        List<List<PolicyPackFinding>> findings = new ArrayList<>();
        List<Map<String, String>> annotations = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            findings.add(new ArrayList<>());
            annotations.add(new TreeMap<>());
        }
        boolean baseline = packs.contains("pss-baseline");
        boolean restricted = packs.contains("pss-restricted");
        if (baseline || restricted) {
            // Restricted runs every baseline check too: run one level, and give each failure its own pack's mode.
            PodSecurity ps = PodSecurity.level(restricted ? PssLevel.RESTRICTED : PssLevel.BASELINE).version(version)
                    .limits(limits);
            for (PssResult r : ps.evaluate(ps.load(content, source)).results()) {
                for (PssCheckResult check : r.failures()) {
                    boolean isBaseline = check.level() == PssLevel.BASELINE;
                    PolicyMode mode = mode(isBaseline && baseline ? "pss-baseline" : "pss-restricted");
                    PolicySeverity severity = isBaseline ? PolicySeverity.HIGH : PolicySeverity.MEDIUM;
                    for (PssViolation v : check.violations()) {
                        findings.get(r.document().index()).add(PolicyPackFinding.of(
                                new PolicyViolation(v.checkId(), v.path(), v.message(), severity, mode), List.of(),
                                v.container(), Optional.empty(), Optional.empty()));
                    }
                }
            }
        }
        if (packs.contains("k8s-hardening")) {
            PolicyMode mode = mode("k8s-hardening");
            for (ManifestDocument d : docs) {
                findings.get(d.index()).addAll(K8sHardeningRules.check(d, k8s.allowedRegistries(), mode));
            }
        }
        List<CelPolicy> manifestPolicies = policies.stream()
                .filter(p -> p.kind() == CelPolicyKind.VALIDATING_ADMISSION_POLICY).toList();
        if (!manifestPolicies.isEmpty()) {
            List<PolicyResult> cel = engine.check(manifestPolicies, engine.manifests(content, source), context);
            for (int i = 0; i < cel.size() && i < docs.size(); i++) {
                for (PolicyViolation v : cel.get(i).violations()) {
                    findings.get(i).add(PolicyPackFinding.of(v, List.of(), Optional.empty(), Optional.empty(),
                            Optional.empty()));
                }
                annotations.get(i).putAll(cel.get(i).annotations());
            }
        }
        List<PolicyPackResult> out = new ArrayList<>(docs.size());
        for (ManifestDocument d : docs) {
            List<PolicyPackFinding> scoped = new ArrayList<>();
            for (PolicyPackFinding f : findings.get(d.index())) {
                scoped.add(scope(d.content(), f));
            }
            PolicyPackResult r = new PolicyPackResult(source, d.index(), d.line(), d.kind(), d.name().orElse(""),
                    d.namespace(), scoped, new TreeMap<>(annotations.get(d.index())));
            out.add(waivers.apply(r, today));
        }
        return List.copyOf(out);
    }

    /** Fills in the container, its image and the field's value from the document where the finding lacks them. */
    private static PolicyPackFinding scope(JsonNode root, PolicyPackFinding f) {
        String path = f.violation().path();
        JsonNode container = DocumentPaths.container(root, path);
        Optional<String> name = f.container().isPresent() ? f.container()
                : text(container.path("name"));
        Optional<String> image = f.image().isPresent() ? f.image() : text(container.path("image"));
        Optional<String> value = f.value().isPresent() ? f.value() : DocumentPaths.scalar(root, path);
        return new PolicyPackFinding(f.violation(), f.aliases(), name, image, value, f.waiver());
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.textValue().isEmpty() ? Optional.of(n.textValue()) : Optional.empty();
    }

    /**
     * Checks an image: {@code image-hardening} when selected, and the {@code ImagePolicy} CEL policies.
     *
     * @param image the opened image
     * @param name the image as given, used as the result's {@code input} and {@code name}
     * @return the result (kind {@code Image})
     * @throws InvalidInputException if a layer is malformed or hostile
     */
    public PolicyPackResult checkImage(Image image, String name) {
        return checkImage(image, name, List.of());
    }

    /**
     * Checks an image and its vulnerability findings: {@code image-hardening} when selected, the
     * {@code ImagePolicy} CEL policies, and {@code vuln-gate} over the findings when selected.
     *
     * @param image the opened image
     * @param name the image as given, used as the result's {@code input} and {@code name}
     * @param vulnerabilities the image's findings (e.g. from {@code VulnerabilityScanner})
     * @return the result (kind {@code Image})
     * @throws InvalidInputException if a layer is malformed or hostile
     */
    public PolicyPackResult checkImage(Image image, String name, List<Finding> vulnerabilities) {
        return checkImage(image, name, vulnerabilities, Map.of());
    }

    /**
     * Checks an image, its vulnerability findings and its signatures: {@code image-hardening},
     * {@code vuln-gate} and {@code image-signature} when selected, the {@code ImagePolicy} CEL policies, and
     * the {@code SignaturePolicy} CEL policies over the signature facts.
     *
     * @param image the opened image
     * @param name the image as given, used as the result's {@code input} and {@code name}
     * @param vulnerabilities the image's findings (e.g. from {@code VulnerabilityScanner})
     * @param signatureFacts the image's signature facts in the shape of {@link CelInput#ofSignatures} (the
     *     signature module's {@code VerificationResult.toFacts()}); an empty map when the signatures were not
     *     verified, which counts as unsigned (fails closed)
     * @return the result (kind {@code Image})
     * @throws InvalidInputException if a layer is malformed or hostile
     * @throws IllegalArgumentException if {@code signatureFacts} is not empty and not in the documented shape
     */
    public PolicyPackResult checkImage(Image image, String name, List<Finding> vulnerabilities,
                                       Map<String, ?> signatureFacts) {
        ImageCheck check = imageCheck(image, name);
        check.fileWalk().ifPresent(image::walk);
        return check.finish(vulnerabilities, signatureFacts);
    }

    /**
     * Starts checking an image whose file walk the caller runs, so that the walk can share one pass over
     * the layers with other work: typically
     * {@code ImageCataloger.catalog(image, check.fileWalk().get())} catalogs the image for the vulnerability
     * scan and feeds {@code image-hardening}'s file rules in the same pass. Then
     * {@link ImageCheck#finish(List, Map)} gives the result {@link #checkImage(Image, String, List, Map)}
     * would give.
     *
     * <pre>{@code
     * PolicyPackCheck.ImageCheck ic = check.imageCheck(image, "app:1.0");
     * Sbom sbom = ic.fileWalk().map(w -> cataloger.catalog(image, w)).orElseGet(() -> cataloger.catalog(image));
     * PolicyPackResult r = ic.finish(scanner.scan(sbom).findings(), Map.of());
     * }</pre>
     *
     * @param image the opened image
     * @param name the image as given, used as the result's {@code input} and {@code name}
     * @return the pending check, for this image only
     */
    public ImageCheck imageCheck(Image image, String name) {
        return new ImageCheck(this, Objects.requireNonNull(image, "image"), Objects.requireNonNull(name, "name"));
    }

    /**
     * An image check whose file walk is run by the caller: get {@link #fileWalk()}, run it over the image
     * exactly once (with {@code Image.walk}, or inside {@code ImageCataloger.catalog(image, walk)}), then
     * {@link #finish(List, Map)}. Made by {@link PolicyPackCheck#imageCheck(Image, String)}; one per image,
     * not thread-safe.
     */
    public static final class ImageCheck {
        private final PolicyPackCheck check;
        private final Image image;
        private final String name;
        private final Optional<ImageHardeningRules.FileChecks> files;

        private ImageCheck(PolicyPackCheck check, Image image, String name) {
            this.check = check;
            this.image = image;
            this.name = name;
            this.files = check.packs.contains("image-hardening") ? Optional.of(new ImageHardeningRules.FileChecks())
                    : Optional.empty();
        }

        /**
         * Returns the walk the selected packs need over the image's files ({@code image-hardening}: the
         * merged listing and the contents of possible credential files), or empty when none reads files.
         * The same walk on every call; run it once (a second run fails with {@code IllegalStateException}
         * rather than count files twice).
         *
         * @return the walk to run before {@link #finish(List, Map)}
         */
        public Optional<FileWalk> fileWalk() {
            return files.map(ImageHardeningRules.FileChecks::walk);
        }

        /**
         * Judges the image: {@code image-hardening} (configuration and the facts the file walk collected),
         * {@code vuln-gate} and {@code image-signature} when selected, the {@code ImagePolicy} CEL policies,
         * and the {@code SignaturePolicy} CEL policies over the signature facts; waivers applied. Same result
         * as {@link PolicyPackCheck#checkImage(Image, String, List, Map)}.
         *
         * @param vulnerabilities the image's findings (e.g. from {@code VulnerabilityScanner})
         * @param signatureFacts the image's signature facts in the shape of {@link CelInput#ofSignatures}; an
         *     empty map when the signatures were not verified, which counts as unsigned (fails closed)
         * @return the result (kind {@code Image})
         * @throws IllegalStateException if {@link #fileWalk()} is present and no walk of it has run to its end
         *     (the file rules would otherwise pass unseen files)
         * @throws IllegalArgumentException if {@code signatureFacts} is not empty and not in the documented shape
         */
        public PolicyPackResult finish(List<Finding> vulnerabilities, Map<String, ?> signatureFacts) {
            Objects.requireNonNull(vulnerabilities, "vulnerabilities");
            Objects.requireNonNull(signatureFacts, "signatureFacts");
            return check.judgeImage(image, name, files, vulnerabilities, signatureFacts);
        }
    }

    private PolicyPackResult judgeImage(Image image, String name, Optional<ImageHardeningRules.FileChecks> files,
                                        List<Finding> vulnerabilities, Map<String, ?> signatureFacts) {
        Map<String, ?> facts = signatureFacts.isEmpty() ? unsigned(image, name) : signatureFacts;
        CelInput signatureInput = CelInput.ofSignatures(name, facts);
        List<PolicyPackFinding> findings = new ArrayList<>();
        Map<String, String> annotations = new TreeMap<>();
        if (files.isPresent()) {
            PolicyMode hardening = mode("image-hardening");
            findings.addAll(ImageHardeningRules.checkConfig(image.config(), name, hardening));
            findings.addAll(files.get().findings(name, hardening));
        }
        List<CelPolicy> imagePolicies = policies.stream().filter(p -> p.kind() == CelPolicyKind.IMAGE_POLICY).toList();
        if (!imagePolicies.isEmpty()) {
            PolicyResult r = engine.check(imagePolicies, List.of(CelInput.ofImage(name, image.config()))).get(0);
            for (PolicyViolation v : r.violations()) {
                findings.add(PolicyPackFinding.of(v, List.of(), Optional.empty(), Optional.of(name), Optional.empty()));
            }
            annotations.putAll(r.annotations());
        }
        List<CelPolicy> signaturePolicies = policies.stream()
                .filter(p -> p.kind() == CelPolicyKind.SIGNATURE_POLICY).toList();
        if (!signaturePolicies.isEmpty()) {
            PolicyResult r = engine.check(signaturePolicies, List.of(signatureInput)).get(0);
            for (PolicyViolation v : r.violations()) {
                findings.add(PolicyPackFinding.of(v, List.of(), Optional.empty(), Optional.of(name), Optional.empty()));
            }
            annotations.putAll(r.annotations());
        }
        if (packs.contains("vuln-gate")) {
            findings.addAll(vulnGate.check(vulnerabilities, name, today, mode("vuln-gate")));
        }
        if (packs.contains("image-signature")) {
            findings.addAll(ImageSignatureRules.check(facts, name, mode("image-signature")));
        }
        return waivers.apply(new PolicyPackResult(name, 0, 1, "Image", name, Optional.empty(), findings,
                new TreeMap<>(annotations)), today);
    }

    private static Map<String, Object> unsigned(Image image, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", name);
        m.put("digest", image.resolvedDigest().map(Object::toString).orElse(null));
        m.put("signed", false);
        m.put("signatures", List.of());
        m.put("attestations", List.of());
        return m;
    }

    /** Configures a {@link PolicyPackCheck}. */
    public static final class Builder {
        private final Set<String> packs = new LinkedHashSet<>();
        private final Map<String, PolicyMode> modes = new HashMap<>();
        private List<CelPolicy> policies = List.of();
        private CelPolicyEngine engine;
        private PssVersion version = PssVersion.latest();
        private K8sHardening k8s = K8sHardening.defaults();
        private VulnGate vulnGate = VulnGate.defaults();
        private PolicyWaivers waivers = PolicyWaivers.none();
        private LocalDate today = LocalDate.now();
        private ScanLimits limits = ScanLimits.defaults();

        private Builder() {
        }

        /**
         * Adds built-in packs.
         *
         * @param names pack names, see {@link #PACKS}
         * @return this builder
         * @throws IllegalArgumentException naming an unknown pack and the known ones
         */
        public Builder packs(List<String> names) {
            for (String n : names) {
                packs.add(checkPack(n));
            }
            return this;
        }

        /**
         * Sets the mode of every pack that has no mode of its own.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(PolicyMode mode) {
            modes.put("*", Objects.requireNonNull(mode, "mode"));
            return this;
        }

        /**
         * Sets one pack's mode.
         *
         * @param pack the pack name
         * @param mode the mode
         * @return this builder
         * @throws IllegalArgumentException if the pack is unknown
         */
        public Builder mode(String pack, PolicyMode mode) {
            modes.put(checkPack(pack), Objects.requireNonNull(mode, "mode"));
            return this;
        }

        /**
         * Sets the CEL policies and the engine that loaded them (it also reads the manifests for them).
         *
         * @param celEngine the engine
         * @param celPolicies the policies
         * @return this builder
         */
        public Builder policies(CelPolicyEngine celEngine, List<CelPolicy> celPolicies) {
            this.engine = Objects.requireNonNull(celEngine, "celEngine");
            this.policies = List.copyOf(celPolicies);
            return this;
        }

        /**
         * Sets the Pod Security Standards version.
         *
         * @param value {@code latest} or {@code v1.N}
         * @return this builder
         * @throws IllegalArgumentException if the version is not of that form
         */
        public Builder k8sVersion(String value) {
            this.version = PssVersion.parse(value);
            return this;
        }

        /**
         * Sets the {@code k8s-hardening} configuration (allowed registries).
         *
         * @param value the pack
         * @return this builder
         */
        public Builder k8sHardening(K8sHardening value) {
            this.k8s = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the {@code vuln-gate} configuration (threshold, fixable-only, max age, KEV list).
         *
         * @param value the pack
         * @return this builder
         */
        public Builder vulnGate(VulnGate value) {
            this.vulnGate = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the waivers.
         *
         * @param value the waivers
         * @return this builder
         */
        public Builder waivers(PolicyWaivers value) {
            this.waivers = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the date waiver expiry is judged on (default: today, in the system time zone).
         *
         * @param value the date
         * @return this builder
         */
        public Builder today(LocalDate value) {
            this.today = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets the bounds manifests are read within.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(ScanLimits value) {
            this.limits = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Builds the check.
         *
         * @return the check
         */
        public PolicyPackCheck build() {
            if (engine == null) {
                policies = List.of();
            }
            return new PolicyPackCheck(this);
        }
    }
}
