package dev.containersec.cli.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.containersec.cli.InputFiles;
import dev.containersec.cli.image.RegistryOptions;
import dev.containersec.cli.signature.KeyFiles;
import dev.containersec.cli.Text;
import dev.containersec.cli.VersionProvider;
import dev.containersec.cli.ExitCode;
import dev.containersec.api.Finding;
import dev.containersec.api.Sbom;
import dev.containersec.api.Severity;
import dev.containersec.cli.scan.SeverityConverter;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.image.ImageCataloger;
import dev.containersec.image.ImageLocation;
import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyEngine;
import dev.containersec.policy.K8sHardening;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyPackCheck;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackResult;
import dev.containersec.policy.PolicyViolation;
import dev.containersec.policy.PolicyWaiver;
import dev.containersec.policy.PolicyWaivers;
import dev.containersec.policy.SarifReport;
import dev.containersec.policy.VulnGate;
import dev.containersec.sbom.VulnerabilityDb;
import dev.containersec.sbom.VulnerabilityScanner;
import dev.containersec.signature.ImageVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code containersec policy check INPUT... [--pack NAME]... [--policy FILE]... [--params FILE]
 * [--k8s-version v1.N|latest] [--waivers FILE] [--mode [PACK=]deny|warn|audit]... [--db DIR] [--vuln-severity S]
 * [--vuln-fixable-only] [--vuln-max-age DAYS] [--kev FILE] [--signature-key KEY.pem]... [--format table|json|sarif]}.
 *
 * <p>An INPUT that is a findings report written by {@code containersec scan --format json} gives one result of
 * kind {@code VulnerabilityReport} judged by {@code vuln-gate}; an image with {@code --db} is scanned and its
 * findings judged by {@code vuln-gate} in the image's result. With {@code --signature-key}, or when the
 * {@code image-signature} pack or a {@code SignaturePolicy} is selected, each image's cosign-style signatures
 * are verified against the keys and the facts judged (no keys: unsigned, the check fails closed).
 *
 * <p>{@code --format json} prints one object: {@code results}, one entry per manifest document or image
 * ({@link PolicyPackResult#asMap()}: {@code input} (the path or image as given), {@code document}, {@code line},
 * {@code kind}, {@code name}, {@code namespace}, {@code allowed}, {@code violations} (each {@code rule},
 * {@code path}, {@code message}, {@code severity}, {@code mode}, {@code aliases}, {@code container},
 * {@code image}, {@code value}, {@code waived}, and when waived {@code waiverReason}, {@code waiverExpires}),
 * {@code annotations}; for an image also {@code digest}, the digest its reference resolved to when it was
 * opened — the index digest for a multi-platform tag — which {@code --signature-key} verifies signatures
 * against, absent for docker-archive); {@code allowed} (all inputs allowed); {@code packs}; {@code expiredWaivers}.
 * Exit 1 when an unwaived deny-mode violation remains, 0 otherwise, 3 for bad input, 2 for usage errors.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Check manifests and images against built-in packs and CEL policies.",
            "INPUT is a YAML/JSON manifest, a directory of them, an image (oci:, oci-archive:, docker-archive:),",
            "or a findings report written by 'containersec scan --format json'.",
            "Packs: pss-baseline, pss-restricted, k8s-hardening (manifests), image-hardening (images),",
            "vuln-gate (scan reports, and images when --db is given), image-signature (images, with --signature-key).",
            "Without --pack and --policy: pss-baseline, k8s-hardening, image-hardening and vuln-gate.",
            "A --db, --vuln-* or --kev option adds vuln-gate to the packs; --signature-key adds image-signature.",
            "JSON: {results: [{input, document, kind, name, allowed,",
            "  violations: [{rule, path, message, severity, mode, waived, ...}], digest (images)}],",
            "  allowed, expiredWaivers}.",
            "Exit 1 when a deny-mode violation is not waived."})
public final class PolicyCheckCommand implements Callable<Integer> {

    private static final List<String> IMAGE_PREFIXES = List.of("oci:", "oci-archive:", "docker-archive:", "registry:");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "Manifest files or directories, or images (oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE).")
    List<String> inputs;

    @Option(names = "--pack", paramLabel = "NAME",
            description = "A built-in pack: pss-baseline, pss-restricted, k8s-hardening, image-hardening, vuln-gate "
                    + "(repeatable).")
    List<String> packs = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE",
            description = "A CEL policy file: ValidatingAdmissionPolicy (+Binding) or ImagePolicy (repeatable).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--params", paramLabel = "FILE",
            description = "Parameters: the params object of CEL policies with a paramKind, and k8s-hardening's "
                    + "allowedRegistries (ConfigMap data.allowedRegistries or an allowedRegistries list).")
    Path params;

    @Option(names = "--k8s-version", paramLabel = "v1.N|latest", defaultValue = "latest",
            description = "The Pod Security Standards version (default: ${DEFAULT-VALUE}).")
    String k8sVersion;

    @Option(names = "--waivers", paramLabel = "FILE", description = "A YAML file of waivers (accepted risks).")
    Path waiversFile;

    @Option(names = "--mode", paramLabel = "[PACK=]MODE",
            description = "deny, warn or audit, for every pack or for one (PACK=MODE); repeatable (default: deny).")
    List<String> modes = new ArrayList<>();

    @Option(names = "--db", paramLabel = "DIR",
            description = "A vulnerability database (see 'containersec db import'): images are scanned with it and "
                    + "their findings judged by vuln-gate.")
    Path db;

    @Option(names = "--vuln-severity", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "vuln-gate: the lowest failing severity: critical, high, medium or low (default: high).")
    Severity vulnSeverity;

    @Option(names = "--vuln-fixable-only",
            description = "vuln-gate: the severity rule counts only findings with a known fixed version.")
    boolean vulnFixableOnly;

    @Option(names = "--vuln-max-age", paramLabel = "DAYS",
            description = "vuln-gate: fail findings with a known fix published more than DAYS days ago (any severity).")
    Integer vulnMaxAge;

    @Option(names = "--kev", paramLabel = "FILE",
            description = "vuln-gate: a Known Exploited Vulnerabilities list (CISA catalog JSON, or text with one ID a "
                    + "line); a listed finding fails whatever its severity.")
    Path kev;

    @Option(names = "--signature-key", paramLabel = "KEY.pem",
            description = "image-signature: a trusted public key (PEM; ECDSA P-256, Ed25519, RSA); images must carry a "
                    + "cosign-style signature that verifies under one of them (repeatable). Adds image-signature "
                    + "to the packs; SignaturePolicy CEL policies see the verified facts.")
    List<Path> signatureKeys = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table, json or sarif (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "json", "sarif").contains(f)) {
            throw usage("'" + format + "' is not a format; use one of table, json, sarif");
        }
        PolicyPackCheck.Builder builder = PolicyPackCheck.builder();
        List<String> packNames = new ArrayList<>(packs.isEmpty() && policies.isEmpty()
                ? List.of("pss-baseline", "k8s-hardening", "image-hardening", "vuln-gate") : packs);
        boolean vulnOptions = db != null || vulnSeverity != null || vulnFixableOnly || vulnMaxAge != null
                || kev != null;
        if (vulnOptions && !packNames.contains("vuln-gate")) {
            packNames.add("vuln-gate");
        }
        if (!signatureKeys.isEmpty() && !packNames.contains("image-signature")) {
            packNames.add("image-signature");
        }
        try {
            builder.packs(packNames).k8sVersion(k8sVersion).vulnGate(vulnGate());
            for (String m : modes) {
                int eq = m.indexOf('=');
                if (eq < 0) {
                    builder.mode(PolicyMode.parse(m));
                } else {
                    builder.mode(m.substring(0, eq), PolicyMode.parse(m.substring(eq + 1)));
                }
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!policies.isEmpty()) {
            CelPolicyEngine engine = CelPolicyEngine.create();
            List<CelPolicy> loaded = new ArrayList<>();
            CelInput paramsObject = params == null ? null : engine.loadParams(params);
            for (Path p : policies) {
                for (CelPolicy policy : engine.load(p)) {
                    loaded.add(paramsObject != null && policy.paramKind().isPresent()
                            ? policy.withParams(paramsObject) : policy);
                }
            }
            builder.policies(engine, loaded);
        }
        if (params != null) {
            builder.k8sHardening(K8sHardening.defaults().params(params));
        }
        PolicyWaivers waivers = waiversFile == null ? PolicyWaivers.none() : PolicyWaivers.load(waiversFile);
        LocalDate today = LocalDate.now();
        PolicyPackCheck check = builder.waivers(waivers).today(today).build();
        // Without keys nothing can verify: images then count as unsigned (an empty facts map), failing closed.
        Optional<ImageVerifier> verifier = signatureKeys.isEmpty() ? Optional.empty() : Optional.of(verifier());

        List<PolicyPackResult> results = new ArrayList<>();
        Map<PolicyPackResult, String> imageDigests = new IdentityHashMap<>();
        List<Path> manifestArgs = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        try (VulnerabilityDb vulnerabilities = db == null ? null : VulnerabilityDb.open(db)) {
            for (String in : inputs) {
                if (isImage(in)) {
                    results.addAll(checkManifests(check, manifestArgs));
                    manifestArgs.clear();
                    results.add(checkImage(check, in, vulnerabilities, verifier, imageDigests));
                } else {
                    manifestArgs.add(Path.of(in));
                }
            }
        }
        results.addAll(checkManifests(check, manifestArgs));

        List<PolicyWaiver> expired = check.expiredWaivers();
        for (PolicyWaiver w : expired) {
            err.println("containersec: warning: waiver " + Text.printable(w.source()) + " for "
                    + Text.printable(String.join(", ", w.rules())) + " expired on " + w.expires()
                    + "; it no longer applies");
        }
        boolean allowed = results.stream().allMatch(PolicyPackResult::allowed);
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        switch (f) {
            case "json": {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("results", results.stream().map(r -> withDigest(r, imageDigests)).toList());
                doc.put("allowed", allowed);
                doc.put("packs", check.packs());
                doc.put("expiredWaivers", expired.stream().map(PolicyWaiver::asMap).toList());
                out.println(json.writeValueAsString(doc));
                break;
            }
            case "sarif":
                out.println(json.writeValueAsString(SarifReport.of(results, VersionProvider.version())));
                break;
            default:
                table(out, results, imageDigests, expired, allowed);
        }
        out.flush();
        err.flush();
        return allowed ? ExitCode.OK : ExitCode.GATE_FAILED;
    }

    private VulnGate vulnGate() {
        VulnGate gate = VulnGate.defaults().fixableOnly(vulnFixableOnly);
        if (vulnSeverity != null) {
            gate = gate.severity(vulnSeverity);
        }
        if (vulnMaxAge != null) {
            gate = gate.maxAgeDays(vulnMaxAge);
        }
        return kev == null ? gate : gate.kev(kev);
    }

    private static List<PolicyPackResult> checkManifests(PolicyPackCheck check, List<Path> args) {
        return args.isEmpty() ? List.of() : check.checkManifests(InputFiles.manifests(args));
    }

    private ImageVerifier verifier() throws IOException {
        ImageVerifier.Builder b = ImageVerifier.builder().registryClient(RegistryOptions.client(spec));
        for (Path key : signatureKeys) {
            b.key(KeyFiles.publicKey(key));
        }
        return b.build();
    }

    private PolicyPackResult checkImage(PolicyPackCheck check, String in, VulnerabilityDb vulnerabilities,
                                        Optional<ImageVerifier> verifier, Map<PolicyPackResult, String> imageDigests) {
        ImageLocation location;
        try {
            location = ImageLocation.parse(in);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (Image image = RegistryOptions.readerBuilder(spec).build().open(location)) {
            // Verify the digest this open resolved, not the reference again: a tag moved in between must not
            // make the signatures judged belong to another image than the files and config judged.
            Map<String, ?> signatures = verifier.map(v -> v.verify(image).toFacts()).orElse(Map.of());
            PolicyPackResult result = checkOpened(check, image, in, vulnerabilities, signatures);
            image.resolvedDigest().ifPresent(d -> imageDigests.put(result, d.toString()));
            return result;
        }
    }

    /** An image result's JSON object, with {@code digest}: the digest its open resolved (absent for docker-archive). */
    private static Map<String, Object> withDigest(PolicyPackResult result, Map<PolicyPackResult, String> imageDigests) {
        String digest = imageDigests.get(result);
        if (digest == null) {
            return result.asMap();
        }
        Map<String, Object> m = new LinkedHashMap<>(result.asMap());
        m.put("digest", digest);
        return m;
    }

    /**
     * Checks an opened image reading its layers once: with a database, the cataloging walk for the scan also
     * feeds image-hardening's file rules ({@link ImageCataloger#catalog(Image, FileWalk)}); without one, only
     * the file rules' walk runs (and none when no selected pack reads files).
     *
     * @param check the configured check
     * @param image the opened image
     * @param in the image as given
     * @param vulnerabilities the database, or {@code null} for no scan
     * @param signatures the verified signature facts, or an empty map
     * @return the image's result
     */
    static PolicyPackResult checkOpened(PolicyPackCheck check, Image image, String in, VulnerabilityDb vulnerabilities,
                                        Map<String, ?> signatures) {
        PolicyPackCheck.ImageCheck imageCheck = check.imageCheck(image, in);
        Optional<FileWalk> files = imageCheck.fileWalk();
        List<Finding> findings = List.of();
        if (vulnerabilities != null) {
            ImageCataloger cataloger = ImageCataloger.create();
            Sbom sbom = files.isPresent() ? cataloger.catalog(image, files.get()) : cataloger.catalog(image);
            findings = VulnerabilityScanner.of(vulnerabilities).scan(sbom).findings();
        } else {
            files.ifPresent(image::walk);
        }
        return imageCheck.finish(findings, signatures);
    }

    static boolean isImage(String arg) {
        return IMAGE_PREFIXES.stream().anyMatch(arg::startsWith);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static void table(PrintWriter out, List<PolicyPackResult> results,
                              Map<PolicyPackResult, String> imageDigests, List<PolicyWaiver> expired, boolean allowed) {
        int denied = 0;
        int violations = 0;
        int waived = 0;
        for (PolicyPackResult r : results) {
            String digest = imageDigests.get(r);
            String subject = r.input() + (r.kind().equals("Image") ? "" : "#" + r.document())
                    + " (" + (r.kind().isEmpty() ? "?" : r.kind()) + (digest == null ? "" : " " + digest)
                    + (r.name().isEmpty() || r.kind().equals("Image") ? ""
                    : " " + r.namespace().map(n -> n + "/").orElse("") + r.name()) + ")";
            long open = r.findings().stream().filter(x -> !x.waived()).count();
            String verdict = !r.allowed() ? "DENIED" : open > 0 ? "PASSED with warnings" : "PASSED";
            if (!r.allowed()) {
                denied++;
            }
            out.println(Text.printable(subject) + ": " + verdict);
            for (PolicyPackFinding f : r.findings()) {
                PolicyViolation v = f.violation();
                violations++;
                String tag = f.waived() ? "waived" : v.mode().name().toLowerCase(Locale.ROOT);
                if (f.waived()) {
                    waived++;
                }
                out.printf("  %-8s %-6s %-28s %s%n", v.severity().name().toLowerCase(Locale.ROOT), tag,
                        Text.printable(v.rule()), Text.printable(v.message()));
                if (!v.path().isEmpty()) {
                    out.printf("  %-8s %-6s %-28s at %s%n", "", "", "", Text.printable(v.path()));
                }
                f.waiver().ifPresent(w -> out.printf("  %-8s %-6s %-28s waived until %s: %s%n", "", "", "",
                        w.expires(), Text.printable(w.reason())));
            }
        }
        out.printf("%n%d %s checked, %d denied; %d %s (%d waived)%n", results.size(),
                results.size() == 1 ? "input" : "inputs", denied, violations,
                violations == 1 ? "violation" : "violations", waived);
        if (!expired.isEmpty()) {
            out.printf("%d expired %s not applied%n", expired.size(), expired.size() == 1 ? "waiver" : "waivers");
        }
        out.println(allowed ? "PASSED" : "FAILED");
    }
}
