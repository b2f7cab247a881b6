package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.internal.cel.CelValues;
import dev.containersec.policy.internal.cel.CompiledPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A compiled CEL policy: a ValidatingAdmissionPolicy, or one of containersec's own kinds with the same
 * {@code spec}, ready to evaluate many inputs. Made by {@link CelPolicyEngine}; immutable and thread-safe.
 *
 * <p>Evaluation follows Kubernetes: the {@code matchConstraints} select the input (for manifests, by
 * {@code apiVersion} and the kind's resource, operation {@code CREATE}; {@code objectSelector} on its labels;
 * {@code namespaceSelector} on the labels of its Namespace, see {@link CelPolicyEngine#check}; {@code excludeResourceRules};
 * {@code matchPolicy} {@code Exact}, or {@code Equivalent} (the default: any version of the rule's resource, and
 * {@code extensions} for the resources that moved to {@code apps} and {@code networking.k8s.io})); every
 * {@code matchCondition} must be true; then each
 * validation that is false gives a violation whose message is the {@code messageExpression}'s value, else
 * {@code message}, else {@code failed expression: <expression>}. {@code variables} are evaluated lazily, once
 * per input. Runtime errors (and a declared {@code paramKind} without params) become violations under
 * {@code failurePolicy: Fail} and are ignored under {@code Ignore}. {@code object} is the input,
 * {@code oldObject} is null, {@code namespaceObject} the object's Namespace (null for cluster-scoped objects), {@code request} is a minimal CREATE request, and
 * {@code params} is what {@link #withParams} bound (null otherwise). {@code authorizer} is not available.
 *
 * <p>Violations carry the policy's severity ({@code metadata.annotations["policy.containersec.dev/severity"]},
 * or {@code spec.severity} in containersec kinds; default {@link PolicySeverity#MEDIUM}) and mode (a
 * ValidatingAdmissionPolicyBinding's {@code validationActions} in the same file, else the
 * {@code policy.containersec.dev/validation-actions} annotation or {@code spec.validationActions}; default
 * {@link PolicyMode#DENY}; the strongest action when several are named).
 */
public final class CelPolicy {

    private final CompiledPolicy compiled;
    private final Object params;
    private final boolean hasParams;

    CelPolicy(CompiledPolicy compiled, Object params, boolean hasParams) {
        this.compiled = compiled;
        this.params = params;
        this.hasParams = hasParams;
    }

    /**
     * Returns the policy's {@code metadata.name}.
     *
     * @return the name
     */
    public String name() {
        return compiled.name();
    }

    /**
     * Returns where the policy was read from.
     *
     * @return e.g. {@code policies.yaml document 0 (ValidatingAdmissionPolicy replica-limit)}
     */
    public String source() {
        return compiled.source();
    }

    /**
     * Returns the policy's kind, and so the kind of input it evaluates.
     *
     * @return the kind
     */
    public CelPolicyKind kind() {
        return compiled.kind();
    }

    /**
     * Tells whether runtime errors deny ({@code failurePolicy: Fail}, the default) rather than being ignored.
     *
     * @return true for {@code Fail}
     */
    public boolean failClosed() {
        return compiled.failClosed();
    }

    /**
     * Returns the severity of this policy's violations.
     *
     * @return the severity
     */
    public PolicySeverity severity() {
        return compiled.severity();
    }

    /**
     * Returns the mode of this policy's violations.
     *
     * @return the mode
     */
    public PolicyMode mode() {
        return compiled.mode();
    }

    /**
     * Returns the {@code apiVersion} and {@code kind} of {@code spec.paramKind}, when the policy declares one.
     *
     * @return {@code [apiVersion, kind]}, or empty
     */
    public Optional<List<String>> paramKind() {
        return compiled.paramKind();
    }

    /**
     * Returns a copy whose violations have the given severity and mode.
     *
     * @param severity the severity
     * @param mode the mode
     * @return the copy, sharing the compiled expressions
     */
    public CelPolicy with(PolicySeverity severity, PolicyMode mode) {
        return new CelPolicy(compiled.with(Objects.requireNonNull(severity, "severity"),
                Objects.requireNonNull(mode, "mode")), params, hasParams);
    }

    /**
     * Returns a copy that binds {@code params} to an object, as a ValidatingAdmissionPolicyBinding's
     * {@code paramRef} would (see {@link CelPolicyEngine#loadParams}).
     *
     * @param paramsObject the parameter object
     * @return the copy, sharing the compiled expressions
     * @throws InvalidInputException if the policy declares a {@code paramKind} the object is not of
     */
    public CelPolicy withParams(CelInput paramsObject) {
        Objects.requireNonNull(paramsObject, "paramsObject");
        Optional<List<String>> pk = compiled.paramKind();
        if (pk.isPresent() && (!pk.get().get(0).equals(paramsObject.apiVersion())
                || !pk.get().get(1).equals(paramsObject.kind()))) {
            throw new InvalidInputException(paramsObject.input(), "policy '" + name() + "' takes params of kind "
                    + pk.get().get(0) + " " + pk.get().get(1) + ", not " + paramsObject.apiVersion() + " "
                    + paramsObject.kind());
        }
        return new CelPolicy(compiled, paramsObject.celObject(), true);
    }

    /**
     * Tells whether the policy applies to an input: its kind evaluates the input's kind and its
     * {@code matchConstraints} select it (match conditions are not evaluated here).
     *
     * @param input the input
     * @return true when {@link #evaluate} would consider the input
     */
    public boolean matches(CelInput input) {
        return input.policyKind() == kind() && compiled.matchesConstraints(input.evaluated());
    }

    /**
     * Evaluates the policy against one input.
     *
     * @param input the input
     * @return the result for that input under this policy alone; allowed with no violations when the policy
     *     does not apply
     * @throws CelBudgetExceededException if the evaluation exceeds the engine's {@link CelBudget}
     */
    public PolicyResult evaluate(CelInput input) {
        CompiledPolicy.Outcome outcome = outcome(input);
        return PolicyResult.of(input.input(), input.kind(), input.name(), outcome.violations(), outcome.annotations());
    }

    CompiledPolicy.Outcome outcome(CelInput input) {
        Objects.requireNonNull(input, "input");
        return outcome(input, input.evaluated());
    }

    CompiledPolicy.Outcome outcome(CelInput input, CompiledPolicy.Input in) {
        if (input.policyKind() != kind()) {
            return new CompiledPolicy.Outcome(false, List.of(), Map.of());
        }
        boolean missing = compiled.paramKind().isPresent() && !hasParams;
        return compiled.evaluate(in, hasParams ? params : CelValues.NULL, missing);
    }

    @Override
    public String toString() {
        return kind().kind() + " " + name();
    }
}
