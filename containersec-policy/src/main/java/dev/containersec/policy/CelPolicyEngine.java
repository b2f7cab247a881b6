package dev.containersec.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.internal.cel.CelEnv;
import dev.containersec.policy.internal.cel.CompiledPolicy;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The front door for CEL policies: reads ValidatingAdmissionPolicy manifests (and containersec's
 * {@code ImagePolicy}, {@code SbomPolicy}, {@code FindingsPolicy}, {@code NetworkPolicyCheck} and {@code SignaturePolicy}, see
 * {@link CelPolicyKind}), compiles them once, and evaluates them against inputs.
 *
 * <pre>{@code
 * CelPolicyEngine engine = CelPolicyEngine.create();
 * List<CelPolicy> policies = engine.load(Path.of("replica-limit.yaml"));
 * CelInput params = engine.loadParams(Path.of("replica-limit-params.yaml"));
 * List<PolicyResult> results = engine.check(
 *         policies.stream().map(p -> p.withParams(params)).toList(),
 *         engine.manifests(Path.of("deploy.yaml")));
 * }</pre>
 *
 * <p>Building an engine builds the CEL environment (hundreds of milliseconds the first time in a JVM); make one
 * and keep it. Engines, policies and inputs are immutable and thread-safe. Policy and manifest files are read
 * as hostile input within {@link ScanLimits} ({@link ScanLimits#maxDocumentBytes()},
 * {@link ScanLimits#maxJsonDepth()}); every evaluation is bounded by a {@link CelBudget}.
 *
 * @see <a href="https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/">Validating
 *     Admission Policy</a>
 */
public final class CelPolicyEngine {

    private static final String BINDING_KIND = "ValidatingAdmissionPolicyBinding";

    private final CelBudget budget;
    private final ManifestLoader loader;
    private final CelEnv env;

    private CelPolicyEngine(Builder b) {
        this.budget = b.budget;
        this.loader = new ManifestLoader(b.limits);
        this.env = new CelEnv((int) Math.min(Integer.MAX_VALUE, budget.maxSteps()), !b.referenceOnly);
    }

    /**
     * Creates an engine with {@link CelBudget#defaults()} and {@link ScanLimits#defaults()}.
     *
     * @return the engine
     */
    public static CelPolicyEngine create() {
        return builder().build();
    }

    /**
     * Starts configuring an engine.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the evaluation budget.
     *
     * @return the budget
     */
    public CelBudget budget() {
        return budget;
    }

    /**
     * Reads and compiles every policy in a YAML or JSON file. {@code ValidatingAdmissionPolicyBinding}s in the
     * same file set the {@code validationActions} of the policies they name; other kinds are an error.
     *
     * @param file the policy file
     * @return the policies, in document order
     * @throws CelPolicyException if a policy is malformed or an expression does not compile
     * @throws InvalidInputException if the file cannot be read, is not YAML/JSON, or holds other kinds
     */
    public List<CelPolicy> load(Path file) {
        return compile(loader.load(Objects.requireNonNull(file, "file")));
    }

    /**
     * Reads and compiles every policy in YAML or JSON held in memory.
     *
     * @param content the bytes
     * @param source a name for messages
     * @return the policies, in document order
     * @throws CelPolicyException if a policy is malformed or an expression does not compile
     * @throws InvalidInputException if the content is not YAML/JSON or holds other kinds
     */
    public List<CelPolicy> parse(byte[] content, String source) {
        return compile(loader.load(content, source));
    }

    /**
     * Reads and compiles policies from a string.
     *
     * @param yaml the YAML or JSON text
     * @param source a name for messages
     * @return the policies, in document order
     * @throws CelPolicyException if a policy is malformed or an expression does not compile
     * @throws InvalidInputException if the text is not YAML/JSON or holds other kinds
     */
    public List<CelPolicy> parse(String yaml, String source) {
        return parse(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), source);
    }

    private List<CelPolicy> compile(List<ManifestDocument> documents) {
        List<CompiledPolicy> compiled = new ArrayList<>();
        Map<String, PolicyMode> bindings = new HashMap<>();
        for (ManifestDocument d : documents) {
            Optional<CelPolicyKind> kind = CelPolicyKind.of(d.apiVersion(), d.kind());
            if (kind.isPresent()) {
                compiled.add(CompiledPolicy.compile(env, budget, d, kind.get()));
            } else if (BINDING_KIND.equals(d.kind()) && d.apiVersion().startsWith("admissionregistration.k8s.io/")) {
                binding(d, bindings);
            } else {
                throw new InvalidInputException(d.describe(), "not a CEL policy: expected "
                        + "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (or its Binding) or "
                        + CelPolicyKind.CONTAINERSEC_API_VERSION
                        + " ImagePolicy, SbomPolicy, FindingsPolicy, NetworkPolicyCheck or SignaturePolicy, found '"
                        + d.apiVersion() + "' '" + d.kind() + "'");
            }
        }
        List<CelPolicy> out = new ArrayList<>();
        for (CompiledPolicy p : compiled) {
            PolicyMode mode = bindings.get(p.name());
            out.add(new CelPolicy(mode == null ? p : p.with(p.severity(), mode), null, false));
        }
        return List.copyOf(out);
    }

    private static void binding(ManifestDocument d, Map<String, PolicyMode> bindings) {
        JsonNode spec = d.content().path("spec");
        String policyName = spec.path("policyName").asText("");
        if (policyName.isEmpty()) {
            throw new CelPolicyException(d.describe(), "", "spec.policyName", "", 0, 0, "is required", null);
        }
        List<String> actions = new ArrayList<>();
        spec.path("validationActions").forEach(a -> actions.add(a.asText()));
        if (actions.contains("Deny") && actions.contains("Warn")) {
            throw new CelPolicyException(d.describe(), policyName, "spec.validationActions", "", 0, 0,
                    "Deny and Warn may not be combined", null);
        }
        try {
            CompiledPolicy.strongest(actions).ifPresent(m -> bindings.merge(policyName, m,
                    (a, b) -> a.ordinal() <= b.ordinal() ? a : b));
        } catch (IllegalArgumentException e) {
            throw new CelPolicyException(d.describe(), policyName, "spec.validationActions", "", 0, 0,
                    e.getMessage(), e);
        }
    }

    /**
     * Reads a Kubernetes manifest file as inputs, one per document.
     *
     * @param file the manifest (multi-document YAML, or JSON)
     * @return the inputs, in document order
     * @throws InvalidInputException if the file cannot be read or is malformed or hostile
     */
    public List<CelInput> manifests(Path file) {
        return loader.load(Objects.requireNonNull(file, "file")).stream().map(CelInput::ofDocument).toList();
    }

    /**
     * Reads a Kubernetes manifest held in memory as inputs, one per document.
     *
     * @param content the bytes
     * @param source a name for the content, used as each input's {@code <source>#<index>}
     * @return the inputs, in document order
     * @throws InvalidInputException if the content is malformed or hostile
     */
    public List<CelInput> manifests(byte[] content, String source) {
        return loader.load(content, source).stream().map(CelInput::ofDocument).toList();
    }

    /**
     * Reads the parameter object for {@link CelPolicy#withParams}: the first document of a file (a ConfigMap,
     * or an object of the policy's {@code paramKind}).
     *
     * @param file the file
     * @return the object as an input
     * @throws InvalidInputException if the file holds no document or cannot be read
     */
    public CelInput loadParams(Path file) {
        List<CelInput> docs = manifests(file);
        if (docs.isEmpty()) {
            throw new InvalidInputException(file.toString(), "holds no parameter object");
        }
        return docs.get(0);
    }

    /**
     * Evaluates policies against inputs: one result per input, with the violations of every policy that
     * applies to it, in policy order.
     *
     * <p>{@code namespaceSelector} and {@code namespaceObject} use the {@code v1} Namespace objects among the
     * inputs: a namespaced object (one without {@code metadata.namespace} is taken to be in {@code default}) is
     * matched on its Namespace's labels plus {@code kubernetes.io/metadata.name}, which the API server sets on
     * every Namespace. A namespace with no object among the inputs is taken to exist with that label only
     * (so {@code matchLabels: {kubernetes.io/metadata.name: shop}} still selects it, other labels do not), and
     * {@code namespaceObject} is that minimal Namespace. A Namespace object is matched on its own labels;
     * other cluster-scoped objects are never skipped by a {@code namespaceSelector}, as in Kubernetes.
     *
     * @param policies the policies
     * @param inputs the inputs
     * @return the results, in input order
     * @throws CelBudgetExceededException if an evaluation exceeds the budget
     */
    public List<PolicyResult> check(List<CelPolicy> policies, List<CelInput> inputs) {
        return check(policies, inputs, List.of());
    }

    /**
     * Evaluates policies against inputs, with more Namespace objects known than are among the inputs (for
     * instance those of other files of the same folder); see {@link #check(List, List)}.
     *
     * @param policies the policies
     * @param inputs the inputs
     * @param context other inputs; their {@code v1} Namespace objects are used, the rest ignored
     * @return the results, in input order
     * @throws CelBudgetExceededException if an evaluation exceeds the budget
     */
    public List<PolicyResult> check(List<CelPolicy> policies, List<CelInput> inputs, List<CelInput> context) {
        Map<String, CelInput> namespaces = new HashMap<>();
        for (CelInput input : context) {
            if (input.isNamespace()) {
                namespaces.putIfAbsent(input.name(), input);
            }
        }
        for (CelInput input : inputs) {
            if (input.isNamespace()) {
                namespaces.putIfAbsent(input.name(), input);
            }
        }
        List<PolicyResult> out = new ArrayList<>(inputs.size());
        for (CelInput input : inputs) {
            List<PolicyViolation> violations = new ArrayList<>();
            Map<String, String> annotations = new TreeMap<>();
            CompiledPolicy.Input in = input.evaluated(namespaces.get(input.effectiveNamespace()));
            for (CelPolicy policy : policies) {
                CompiledPolicy.Outcome o = policy.outcome(input, in);
                violations.addAll(o.violations());
                annotations.putAll(o.annotations());
            }
            out.add(PolicyResult.of(input.input(), input.kind(), input.name(), violations, annotations));
        }
        return List.copyOf(out);
    }

    /** Configures a {@link CelPolicyEngine}. */
    public static final class Builder {
        private CelBudget budget = CelBudget.defaults();
        private ScanLimits limits = ScanLimits.defaults();
        private boolean referenceOnly;

        private Builder() {
        }

        /**
         * Evaluates every expression with CEL-Java's interpreter alone. By default, expressions in a common
         * subset of CEL also get a fast path that gives the same values (anything unusual is handed back to
         * CEL-Java, and errors always come from it) in a fraction of the time; this turns it off, for
         * comparison or to rule it out. Verdicts, messages and budget failures are the same either way.
         *
         * @return this builder
         */
        public Builder referenceInterpreterOnly() {
            this.referenceOnly = true;
            return this;
        }

        /**
         * Sets the bounds on each evaluation.
         *
         * @param value the budget
         * @return this builder
         */
        public Builder budget(CelBudget value) {
            this.budget = Objects.requireNonNull(value, "budget");
            return this;
        }

        /**
         * Sets the bounds on reading policy and manifest files.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(ScanLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return the engine
         */
        public CelPolicyEngine build() {
            return new CelPolicyEngine(this);
        }
    }
}
