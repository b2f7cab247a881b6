package dev.containersec.policy;

import dev.containersec.api.ImageConfig;
import dev.containersec.api.Sbom;
import dev.containersec.policy.internal.cel.CelValues;
import dev.containersec.policy.internal.cel.CompiledPolicy;
import dev.containersec.policy.internal.cel.InputMaps;
import dev.containersec.policy.internal.cel.Resources;
import dev.containersec.policy.internal.cel.SignatureFacts;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One input for CEL policies: what {@code object} is bound to, with where it came from. Kubernetes manifests
 * are evaluated by {@link CelPolicyKind#VALIDATING_ADMISSION_POLICY}; the other factories make inputs for
 * containersec's own kinds, with the map shapes their Javadoc describes.
 *
 * <p>Inputs are converted once, when created, into the values CEL works on, so one input can be evaluated by
 * many policies, from many threads. Immutable and thread-safe.
 */
public final class CelInput {

    private final CelPolicyKind policyKind;
    private final String input;
    private final String apiVersion;
    private final String kind;
    private final String name;
    private final String namespace;
    private final Object object;
    private final Map<String, String> labels;
    private final Object request;
    private final CompiledPolicy.Input evaluated;

    private CelInput(CelPolicyKind policyKind, String input, String apiVersion, String kind, String name,
                     String namespace, Object object) {
        this.policyKind = policyKind;
        this.input = Objects.requireNonNull(input, "input");
        this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.object = object;
        this.labels = labels(object);
        this.request = policyKind == CelPolicyKind.VALIDATING_ADMISSION_POLICY ? request() : CelValues.NULL;
        this.evaluated = evaluated(null);
    }

    /**
     * Makes an input from a Kubernetes object given as JSON-like maps and lists (as SnakeYAML or Jackson's
     * {@code Map} binding produce). {@code apiVersion}, {@code kind}, {@code metadata.name} and
     * {@code metadata.namespace} are read from it.
     *
     * @param input where it came from, e.g. {@code deploy.yaml#0}
     * @param object the object
     * @return the input
     * @throws IllegalArgumentException if a map key is not a string
     */
    public static CelInput ofManifest(String input, Map<String, ?> object) {
        Object converted = CelValues.fromJava(Objects.requireNonNull(object, "object"));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) converted;
        Object metadata = m.get("metadata");
        Map<?, ?> meta = metadata instanceof Map ? (Map<?, ?>) metadata : Map.of();
        return new CelInput(CelPolicyKind.VALIDATING_ADMISSION_POLICY, input, text(m.get("apiVersion")),
                text(m.get("kind")), text(meta.get("name")), text(meta.get("namespace")), converted);
    }

    static CelInput ofDocument(ManifestDocument d) {
        return new CelInput(CelPolicyKind.VALIDATING_ADMISSION_POLICY, d.source() + "#" + d.index(), d.apiVersion(),
                d.kind(), d.name().orElse(""), d.namespace().orElse(""), CelValues.fromJson(d.content()));
    }

    /**
     * Makes an input for {@link CelPolicyKind#IMAGE_POLICY}: {@code object} has {@code name},
     * {@code platform {os, architecture, variant}}, {@code created}, {@code author}, {@code user},
     * {@code runsAsRoot}, {@code env} (a map), {@code entrypoint}, {@code cmd}, {@code workingDir},
     * {@code exposedPorts}, {@code volumes}, {@code labels}, {@code stopSignal}, {@code healthcheck {test,
     * intervalSeconds, timeoutSeconds, startPeriodSeconds, retries, disabled}}, {@code history [{created,
     * createdBy, comment, author, emptyLayer}]} and {@code diffIds}. Absent values are {@code null}.
     *
     * @param imageName the image's name, e.g. {@code registry.example/app:1.0}
     * @param config the image configuration
     * @return the input (kind {@code Image})
     */
    public static CelInput ofImage(String imageName, ImageConfig config) {
        Objects.requireNonNull(config, "config");
        return new CelInput(CelPolicyKind.IMAGE_POLICY, imageName, CelPolicyKind.CONTAINERSEC_API_VERSION, "Image",
                imageName, "", CelValues.fromJava(InputMaps.image(imageName, config)));
    }

    /**
     * Makes an input for {@link CelPolicyKind#SBOM_POLICY}: {@code object} has {@code subject {name,
     * manifestDigest, configDigest, platform, os {id, versionId, versionCodename, prettyName, idLike}, layers}},
     * {@code packages [{name, version, type, purl, licenses, locations [{path, layerIndex, layerDigest}],
     * foundBy, metadata}]} and {@code skipped [{where, path, reason, detail}]}.
     *
     * @param sbom the SBOM
     * @return the input (kind {@code Sbom}, named after the subject)
     */
    public static CelInput ofSbom(Sbom sbom) {
        Objects.requireNonNull(sbom, "sbom");
        String subject = sbom.subject().name();
        return new CelInput(CelPolicyKind.SBOM_POLICY, subject, CelPolicyKind.CONTAINERSEC_API_VERSION, "Sbom",
                subject, "", CelValues.fromJava(InputMaps.sbom(sbom)));
    }

    /**
     * Makes an input for {@link CelPolicyKind#FINDINGS_POLICY}: {@code object} has {@code subject} and
     * {@code findings}, the given maps as they are. The shape scanners report, and the one containersec's scan
     * will give, is {@code {id, aliases, package, version, type, purl, severity, fixedVersions, fixable}} with
     * {@code severity} upper case ({@code CRITICAL} ... {@code UNKNOWN}).
     *
     * @param subject what was scanned, e.g. an image name
     * @param findings the findings as JSON-like maps
     * @return the input (kind {@code Findings})
     * @throws IllegalArgumentException if a map key is not a string
     */
    public static CelInput ofFindings(String subject, List<? extends Map<String, ?>> findings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", Objects.requireNonNull(subject, "subject"));
        m.put("findings", List.copyOf(findings));
        return new CelInput(CelPolicyKind.FINDINGS_POLICY, subject, CelPolicyKind.CONTAINERSEC_API_VERSION,
                "Findings", subject, "", CelValues.fromJava(m));
    }

    /**
     * Makes an input for {@link CelPolicyKind#SIGNATURE_POLICY}: {@code object} is the facts map, which has
     * exactly this shape (what the signature verifier reports for one image):
     *
     * <pre>{@code
     * {image: String, digest: String, signed: boolean,
     *  signatures:   [{keyId: String, algorithm: String, dockerReference: String, verified: boolean, reason: String}],
     *  attestations: [{predicateType: String, keyId: String, verified: boolean, reason: String}]}
     * }</pre>
     *
     * <p>Every key must be present; a string may be {@code null} when the fact is unknown (a keyless signature's
     * {@code keyId}, an empty {@code reason}), a boolean may not. A policy such as
     * {@code object.signatures.exists(s, s.verified && s.keyId in params.keyIds)} then says "signed by one of
     * these keys".
     *
     * @param image the image as given, the input's name
     * @param facts the facts
     * @return the input (kind {@code ImageSignatures})
     * @throws IllegalArgumentException naming the key when the map does not have that shape
     */
    public static CelInput ofSignatures(String image, Map<String, ?> facts) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(facts, "facts");
        SignatureFacts.check(facts);
        return new CelInput(CelPolicyKind.SIGNATURE_POLICY, image, CelPolicyKind.CONTAINERSEC_API_VERSION,
                "ImageSignatures", image, "", CelValues.fromJava(facts));
    }

    /**
     * Makes one input per workload for {@link CelPolicyKind#NETWORK_POLICY_CHECK}: {@code object} is
     * {@link NetpolWorkloadFacts#asMap()} ({@code workload}, {@code ingressIsolated}, {@code egressIsolated},
     * {@code exposedToAllNamespaces}, {@code ingressFromExternal}, {@code egressToInternet},
     * {@code unrestrictedInternetEgress}, {@code dnsEgressAllowed}, {@code ingressPolicies},
     * {@code egressPolicies}, {@code ingressFrom}, {@code egressTo}, {@code findings}).
     *
     * @param source what was analysed, e.g. the manifest files
     * @param analysis the analysis
     * @return the inputs (kind {@code Workload}, named {@code namespace/name}), in workload order
     */
    public static List<CelInput> ofNetwork(String source, NetworkPolicyAnalysis analysis) {
        Objects.requireNonNull(source, "source");
        List<CelInput> out = new ArrayList<>();
        analysis.facts().forEach((workload, facts) -> {
            int slash = workload.indexOf('/');
            out.add(new CelInput(CelPolicyKind.NETWORK_POLICY_CHECK, source, CelPolicyKind.CONTAINERSEC_API_VERSION,
                    "Workload", workload, slash < 0 ? "" : workload.substring(0, slash), CelValues.fromJava(facts)));
        });
        return List.copyOf(out);
    }

    /**
     * Makes an input for any policy kind from a JSON-like map.
     *
     * @param policyKind the kind of policy that evaluates it
     * @param input where it came from
     * @param kind its kind, for results
     * @param name its name, for results
     * @param object what {@code object} is bound to
     * @return the input
     * @throws IllegalArgumentException if a map key is not a string
     */
    public static CelInput of(CelPolicyKind policyKind, String input, String kind, String name, Map<String, ?> object) {
        Objects.requireNonNull(policyKind, "policyKind");
        if (policyKind == CelPolicyKind.VALIDATING_ADMISSION_POLICY) {
            return ofManifest(input, object);
        }
        return new CelInput(policyKind, input, CelPolicyKind.CONTAINERSEC_API_VERSION, kind, name, "",
                CelValues.fromJava(Objects.requireNonNull(object, "object")));
    }

    /**
     * Returns the kind of policy that evaluates this input.
     *
     * @return the policy kind
     */
    public CelPolicyKind policyKind() {
        return policyKind;
    }

    /**
     * Returns where the input came from.
     *
     * @return e.g. {@code deploy.yaml#0}
     */
    public String input() {
        return input;
    }

    /**
     * Returns the input's {@code apiVersion}.
     *
     * @return e.g. {@code apps/v1}; empty when absent
     */
    public String apiVersion() {
        return apiVersion;
    }

    /**
     * Returns the input's kind.
     *
     * @return e.g. {@code Deployment}; empty when absent
     */
    public String kind() {
        return kind;
    }

    /**
     * Returns the input's name.
     *
     * @return the name; empty when absent
     */
    public String name() {
        return name;
    }

    /**
     * Returns the input's namespace.
     *
     * @return the namespace, when it has one
     */
    public Optional<String> namespace() {
        return namespace.isEmpty() ? Optional.empty() : Optional.of(namespace);
    }

    Object celObject() {
        return object;
    }

    /**
     * Returns the namespace a namespaced object is in: its {@code metadata.namespace}, else {@code default}
     * (where {@code kubectl apply} without {@code -n} puts it).
     *
     * @return the namespace; empty for a cluster-scoped object or a containersec kind
     */
    String effectiveNamespace() {
        if (policyKind != CelPolicyKind.VALIDATING_ADMISSION_POLICY || Resources.clusterScoped(kind)) {
            return "";
        }
        return namespace.isEmpty() ? "default" : namespace;
    }

    /** @return true when this is a Namespace object */
    boolean isNamespace() {
        return policyKind == CelPolicyKind.VALIDATING_ADMISSION_POLICY && kind.equals("Namespace")
                && apiVersion.equals("v1") && !name.isEmpty();
    }

    /** @return what evaluations see when the input's namespace is not among the inputs */
    CompiledPolicy.Input evaluated() {
        return evaluated;
    }

    /**
     * Returns what evaluations see, with the Namespace object the input is in.
     *
     * @param ns the Namespace input named by {@link #effectiveNamespace()}, or null when not known
     * @return the evaluation input
     */
    CompiledPolicy.Input evaluated(CelInput ns) {
        if (ns == null && evaluated != null) {
            return evaluated;
        }
        Map<String, String> nsLabels;
        Object nsObject;
        String inNamespace = effectiveNamespace();
        if (isNamespace()) {
            nsLabels = namespaceLabels(name, labels);
            nsObject = CelValues.NULL;
        } else if (inNamespace.isEmpty()) {
            nsLabels = null;
            nsObject = CelValues.NULL;
        } else if (ns != null) {
            nsLabels = namespaceLabels(inNamespace, ns.labels);
            nsObject = ns.object;
        } else {
            // Not among the inputs: the Namespace as the API server creates it, with only its automatic label.
            nsLabels = namespaceLabels(inNamespace, Map.of());
            nsObject = CelValues.fromJava(Map.of("apiVersion", "v1", "kind", "Namespace",
                    "metadata", Map.of("name", inNamespace, "labels", nsLabels)));
        }
        return new CompiledPolicy.Input(input, Resources.group(apiVersion), Resources.version(apiVersion),
                Resources.resource(kind), name, labels, nsLabels, object, request, nsObject);
    }

    /** A Namespace's labels plus {@code kubernetes.io/metadata.name}, which the API server always sets. */
    private static Map<String, String> namespaceLabels(String name, Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>(labels);
        out.put(METADATA_NAME_LABEL, name);
        return Collections.unmodifiableMap(out);
    }

    /** The label the API server puts on every Namespace (Kubernetes 1.22 and later). */
    static final String METADATA_NAME_LABEL = "kubernetes.io/metadata.name";

    @Override
    public String toString() {
        return input + " (" + (kind.isEmpty() ? "?" : kind) + (name.isEmpty() ? "" : " " + name) + ")";
    }

    private static String text(Object o) {
        return o instanceof String ? (String) o : "";
    }

    private static Map<String, String> labels(Object object) {
        if (!(object instanceof Map)) {
            return Map.of();
        }
        Object metadata = ((Map<?, ?>) object).get("metadata");
        Object labels = metadata instanceof Map ? ((Map<?, ?>) metadata).get("labels") : null;
        if (!(labels instanceof Map)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<?, ?>) labels).forEach((k, v) -> {
            if (v instanceof String) {
                out.put((String) k, (String) v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The minimal admission request: a CREATE by a dry-run user. */
    private Object request() {
        String group = Resources.group(apiVersion);
        String version = Resources.version(apiVersion);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uid", "");
        r.put("kind", Map.of("group", group, "version", version, "kind", kind));
        r.put("resource", Map.of("group", group, "version", version, "resource", Resources.resource(kind)));
        r.put("requestKind", Map.of("group", group, "version", version, "kind", kind));
        r.put("requestResource", Map.of("group", group, "version", version, "resource", Resources.resource(kind)));
        r.put("name", name);
        r.put("namespace", namespace);
        r.put("operation", "CREATE");
        r.put("userInfo", Map.of("username", "system:containersec", "groups", List.of()));
        r.put("dryRun", true);
        return CelValues.fromJava(r);
    }
}
