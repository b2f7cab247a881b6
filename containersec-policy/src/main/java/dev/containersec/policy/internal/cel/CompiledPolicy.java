package dev.containersec.policy.internal.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.containersec.policy.CelBudget;
import dev.containersec.policy.CelBudgetExceededException;
import dev.containersec.policy.CelPolicyException;
import dev.containersec.policy.CelPolicyKind;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyViolation;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A CEL policy document, parsed, checked and planned once. Immutable and thread-safe: each evaluation keeps
 * its state (the budget, the lazily evaluated variables) to itself.
 */
public final class CompiledPolicy {

    /** Annotation naming the severity of a policy's violations. */
    public static final String SEVERITY_ANNOTATION = "policy.containersec.dev/severity";
    /** Annotation naming a policy's validation actions (comma-separated {@code Deny}, {@code Warn}, {@code Audit}). */
    public static final String ACTIONS_ANNOTATION = "policy.containersec.dev/validation-actions";

    private static final int MAX_MATCH_CONDITIONS = 64;
    private static final int MAX_MESSAGE = 5000;

    /**
     * One compiled expression and where it sits in the policy: CEL-Java's program, and the fast program when the
     * expression is in {@link FastProgram}'s subset (null otherwise).
     */
    record Expr(String name, String field, String text, CelRuntime.Program program, FastProgram fast) {
    }

    /** One entry of {@code spec.validations}. */
    record Validation(Expr expression, String message, Expr messageExpression, String fieldPath) {
    }

    /** One entry of {@code resourceRules}. */
    record ResourceRule(List<String> apiGroups, List<String> apiVersions, List<String> resources,
                        List<String> operations, List<String> resourceNames) {
        boolean matches(Input in, boolean exact) {
            if (!(operations.contains("*") || operations.contains("CREATE"))
                    || !(resourceNames.isEmpty() || resourceNames.contains(in.name()))) {
                return false;
            }
            if (any(apiGroups, in.group()) && any(apiVersions, in.version()) && anyResource(in.resource())) {
                return true;
            }
            if (exact) {
                return false;
            }
            // matchPolicy Equivalent: the API server would convert the request to any served version of the same
            // resource, and to its other group where Kubernetes moved it (extensions to apps and networking).
            for (String group : Resources.equivalentGroups(in.group(), in.resource())) {
                if (any(apiGroups, group) && anyResource(in.resource())) {
                    return true;
                }
            }
            return false;
        }

        private boolean anyResource(String resource) {
            return resources.contains("*") || resources.contains("*/*") || resources.contains(resource);
        }

        private static boolean any(List<String> allowed, String value) {
            return allowed.contains("*") || allowed.contains(value);
        }
    }

    /** A label selector ({@code matchLabels}, {@code matchExpressions}). */
    record Selector(Map<String, String> matchLabels, List<Requirement> expressions) {
        boolean matches(Map<String, String> labels) {
            for (Map.Entry<String, String> e : matchLabels.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
            for (Requirement r : expressions) {
                String v = labels.get(r.key);
                boolean ok;
                switch (r.operator) {
                    case "In":
                        ok = v != null && r.values.contains(v);
                        break;
                    case "NotIn":
                        ok = v == null || !r.values.contains(v);
                        break;
                    case "Exists":
                        ok = v != null;
                        break;
                    default:
                        ok = v == null;
                        break;
                }
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One {@code matchExpressions} entry. */
    record Requirement(String key, String operator, List<String> values) {
    }

    /**
     * What an input gives an evaluation.
     *
     * @param input where it came from
     * @param group the API group ({@code ""} for core)
     * @param version the API version
     * @param resource the resource (plural, lower case)
     * @param name the object's name
     * @param labels the object's labels
     * @param namespaceLabels the labels {@code namespaceSelector} is matched on; null to never skip (a
     *     cluster-scoped object other than a Namespace)
     * @param object {@code object}
     * @param request {@code request}
     * @param namespaceObject {@code namespaceObject}
     */
    public record Input(String input, String group, String version, String resource, String name,
                        Map<String, String> labels, Map<String, String> namespaceLabels, Object object,
                        Object request, Object namespaceObject) {
    }

    /**
     * The outcome of one evaluation.
     *
     * @param matched whether the policy applied to the input
     * @param violations the violations, in rule order
     * @param annotations audit annotations, keyed {@code <policy>/<key>}
     */
    public record Outcome(boolean matched, List<PolicyViolation> violations, Map<String, String> annotations) {
    }

    private final String source;
    private final String name;
    private final CelPolicyKind kind;
    private final boolean failClosed;
    private final PolicySeverity severity;
    private final PolicyMode mode;
    private final Optional<String[]> paramKind;
    private final List<ResourceRule> rules;
    private final List<ResourceRule> excludes;
    private final Selector objectSelector;
    private final Selector namespaceSelector;
    private final boolean exactMatch;
    private final List<Expr> matchConditions;
    private final Expr allMatchConditions;
    private final List<Expr> variables;
    private final Map<String, Integer> variableIndex;
    private final List<Validation> validations;
    private final List<Expr> auditAnnotations;
    private final CelBudget budget;

    private CompiledPolicy(Builder b) {
        this.source = b.source;
        this.name = b.name;
        this.kind = b.kind;
        this.failClosed = b.failClosed;
        this.severity = b.severity;
        this.mode = b.mode;
        this.paramKind = b.paramKind;
        this.rules = List.copyOf(b.rules);
        this.excludes = List.copyOf(b.excludes);
        this.objectSelector = b.objectSelector;
        this.namespaceSelector = b.namespaceSelector;
        this.exactMatch = b.exactMatch;
        this.matchConditions = List.copyOf(b.matchConditions);
        this.allMatchConditions = b.allMatchConditions;
        this.variables = List.copyOf(b.variables);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            index.put(variables.get(i).name(), i);
        }
        this.variableIndex = Map.copyOf(index);
        this.validations = List.copyOf(b.validations);
        this.auditAnnotations = List.copyOf(b.auditAnnotations);
        this.budget = b.budget;
    }

    /** @return the policy's name */
    public String name() {
        return name;
    }

    /** @return the file or name it was read from */
    public String source() {
        return source;
    }

    /** @return its kind */
    public CelPolicyKind kind() {
        return kind;
    }

    /** @return true for {@code failurePolicy: Fail} */
    public boolean failClosed() {
        return failClosed;
    }

    /** @return the severity of its violations */
    public PolicySeverity severity() {
        return severity;
    }

    /** @return the mode of its violations */
    public PolicyMode mode() {
        return mode;
    }

    /** @return {@code [apiVersion, kind]} of {@code spec.paramKind}, when declared */
    public Optional<List<String>> paramKind() {
        return paramKind.map(List::of);
    }

    /** @return the number of validations */
    public int validationCount() {
        return validations.size();
    }

    /**
     * Returns a copy with other severity and mode (from a binding or the caller).
     *
     * @param newSeverity the severity
     * @param newMode the mode
     * @return the copy, sharing the compiled programs
     */
    public CompiledPolicy with(PolicySeverity newSeverity, PolicyMode newMode) {
        Builder b = toBuilder();
        b.severity = newSeverity;
        b.mode = newMode;
        return new CompiledPolicy(b);
    }

    private Builder toBuilder() {
        Builder b = new Builder(source, kind, budget);
        b.name = name;
        b.failClosed = failClosed;
        b.severity = severity;
        b.mode = mode;
        b.paramKind = paramKind;
        b.rules.addAll(rules);
        b.excludes.addAll(excludes);
        b.objectSelector = objectSelector;
        b.namespaceSelector = namespaceSelector;
        b.exactMatch = exactMatch;
        b.matchConditions.addAll(matchConditions);
        b.allMatchConditions = allMatchConditions;
        b.variables.addAll(variables);
        b.validations.addAll(validations);
        b.auditAnnotations.addAll(auditAnnotations);
        return b;
    }

    // ------------------------------------------------------------------------------------------------------
    // evaluation

    /**
     * Tells whether the match constraints select the input (before match conditions).
     *
     * @param in the input
     * @return true when the resource rules and object selector match
     */
    public boolean matchesConstraints(Input in) {
        if (kind != CelPolicyKind.VALIDATING_ADMISSION_POLICY && rules.isEmpty()) {
            return objectSelector == null || objectSelector.matches(in.labels());
        }
        if (!anyMatches(rules, in) || anyMatches(excludes, in)) {
            return false;
        }
        return (objectSelector == null || objectSelector.matches(in.labels()))
                && (namespaceSelector == null || in.namespaceLabels() == null
                || namespaceSelector.matches(in.namespaceLabels()));
    }

    private boolean anyMatches(List<ResourceRule> list, Input in) {
        for (ResourceRule r : list) {
            if (r.matches(in, exactMatch)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Evaluates the policy against one input.
     *
     * @param in the input
     * @param params what {@code params} is bound to (a CEL value; {@link CelValues#NULL} when none)
     * @param paramsMissing true when the policy declares {@code paramKind} but no params were given
     * @return the outcome
     * @throws CelBudgetExceededException if the evaluation exceeds the budget
     */
    public Outcome evaluate(Input in, Object params, boolean paramsMissing) {
        if (!matchesConstraints(in)) {
            return new Outcome(false, List.of(), Map.of());
        }
        Budget tracker = new Budget(budget);
        Activation activation = new Activation(in, params, tracker);
        List<PolicyViolation> violations = new ArrayList<>();
        if (paramsMissing) {
            if (failClosed) {
                violations.add(violation(name + "/paramKind", "", "policy '" + name + "' declares paramKind "
                        + String.join(" ", paramKind.orElseThrow()) + " but no params were given"));
            }
            return new Outcome(true, violations, Map.of());
        }
        boolean oneByOne = true;
        if (allMatchConditions != null) {
            // One program for all conditions: CEL's && is false if any side is false, even when another side
            // fails, which is Kubernetes' rule for match conditions. Only an error needs them one by one.
            try {
                if (!Boolean.TRUE.equals(activation.run(allMatchConditions))) {
                    return new Outcome(false, List.of(), Map.of());
                }
                oneByOne = false;
            } catch (EvalError e) {
                // fall through to find which condition failed
            }
        }
        // Kubernetes: any false condition means no match, even if another fails; otherwise a failure applies
        // the failure policy.
        Expr failed = null;
        String failure = null;
        for (Expr condition : oneByOne ? matchConditions : List.<Expr>of()) {
            Object v;
            try {
                v = activation.run(condition);
            } catch (EvalError e) {
                if (failed == null) {
                    failed = condition;
                    failure = e.getMessage();
                }
                continue;
            }
            if (!Boolean.TRUE.equals(v)) {
                return new Outcome(false, List.of(), Map.of());
            }
        }
        if (failed != null) {
            if (!failClosed) {
                return new Outcome(false, List.of(), Map.of());
            }
            violations.add(violation(name + "/matchConditions[" + failed.name() + "]", "",
                    "matchCondition '" + failed.name() + "' failed: " + failure));
            return new Outcome(true, violations, Map.of());
        }
        for (int i = 0; i < validations.size(); i++) {
            Validation validation = validations.get(i);
            String rule = name + "/validations[" + i + "]";
            Object v;
            try {
                v = activation.run(validation.expression());
            } catch (EvalError e) {
                if (failClosed) {
                    violations.add(violation(rule, validation.fieldPath(), "expression '"
                            + validation.expression().text() + "' failed: " + e.getMessage()));
                }
                continue;
            }
            if (Boolean.TRUE.equals(v)) {
                continue;
            }
            violations.add(violation(rule, validation.fieldPath(), message(validation, activation)));
        }
        Map<String, String> annotations = new TreeMap<>();
        for (Expr annotation : auditAnnotations) {
            try {
                Object v = activation.run(annotation);
                if (v instanceof String) {
                    annotations.put(name + "/" + annotation.name(), (String) v);
                } else if (!CelValues.isNull(v)) {
                    throw new EvalError("valueExpression must evaluate to a string or null, not "
                            + CelValues.describe(v), null);
                }
            } catch (EvalError e) {
                if (failClosed) {
                    violations.add(violation(name + "/auditAnnotations[" + annotation.name() + "]", "",
                            "audit annotation '" + annotation.name() + "' failed: " + e.getMessage()));
                }
            }
        }
        return new Outcome(true, violations, annotations);
    }

    private PolicyViolation violation(String rule, String path, String message) {
        return new PolicyViolation(rule, path, message, severity, mode);
    }

    private String message(Validation validation, Activation activation) {
        if (validation.messageExpression() != null) {
            try {
                Object v = activation.run(validation.messageExpression());
                if (v instanceof String) {
                    String s = ((String) v).strip();
                    if (!s.isEmpty() && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.length() <= MAX_MESSAGE) {
                        return s;
                    }
                }
            } catch (EvalError e) {
                // Kubernetes falls back to message when messageExpression fails.
            }
        }
        if (!validation.message().isEmpty()) {
            return validation.message();
        }
        return "failed expression: " + validation.expression().text().strip();
    }

    /** An expression failed at run time (not a budget failure). */
    static final class EvalError extends Exception {
        private static final long serialVersionUID = 1L;

        EvalError(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** The variables of one evaluation; {@code variables} is evaluated lazily and cached, as Kubernetes does. */
    private final class Activation implements FastProgram.Globals {
        private final Input in;
        private final Object params;
        private final Budget tracker;
        private final Object[] values;
        private final byte[] state;
        private final Variables lazy = new Variables();
        private String currentField = "";
        private int depth;

        Activation(Input in, Object params, Budget tracker) {
            this.in = in;
            this.params = params;
            this.tracker = tracker;
            this.values = new Object[variables.size()];
            this.state = new byte[variables.size()];
        }

        Object run(Expr expr) throws EvalError {
            String outer = currentField;
            currentField = expr.field();
            depth++;
            try {
                tracker.checkTime();
                if (expr.fast() != null) {
                    try {
                        return expr.fast().eval(this, tracker);
                    } catch (RuntimeException bail) {
                        // FastProgram.BAIL, or a variable's failure met on the way: CEL-Java decides and words it.
                    }
                }
                return expr.program().trace(this::resolve, tracker);
            } catch (Budget.Exceeded exceeded) {
                if (depth > 1) {
                    throw exceeded; // a variable evaluated inside another expression: let the outermost report it
                }
                throw new CelBudgetExceededException(name, currentField, in.input(), exceeded.limit,
                        exceeded.allowed, exceeded.reached);
            } catch (CelEvaluationException | RuntimeException e) {
                Budget.Exceeded exceeded = Budget.find(e);
                if (exceeded != null) {
                    throw new CelBudgetExceededException(name, currentField, in.input(), exceeded.limit,
                            exceeded.allowed, exceeded.reached);
                }
                throw new EvalError(oneLine(e), e);
            } finally {
                depth--;
                currentField = outer;
            }
        }

        /** The top-level variables, in {@link FastCompiler#GLOBALS} order (CEL-Java resolves them by name). */
        @Override
        public Object global(int index) {
            switch (index) {
                case 0:
                    return in.object();
                case 1:
                    return CelValues.NULL;
                case 2:
                    return in.request();
                case 3:
                    return params;
                case 4:
                    return in.namespaceObject();
                default:
                    return lazy;
            }
        }

        private Optional<Object> resolve(String variable) {
            int index = FastCompiler.GLOBALS.indexOf(variable);
            return index < 0 ? Optional.empty() : Optional.of(global(index));
        }

        Object variable(int i) {
            if (state[i] == 2) {
                return values[i];
            }
            if (state[i] == 1) {
                throw new IllegalStateException("variable '" + variables.get(i).name() + "' refers to itself");
            }
            if (state[i] == 3) {
                throw new IllegalStateException("variable '" + variables.get(i).name() + "' failed: "
                        + values[i]);
            }
            state[i] = 1;
            try {
                values[i] = run(variables.get(i));
                state[i] = 2;
                return values[i];
            } catch (EvalError e) {
                values[i] = e.getMessage();
                state[i] = 3;
                throw new IllegalStateException("variable '" + variables.get(i).name() + "' failed: "
                        + e.getMessage(), e);
            }
        }

        /** {@code variables}: a read-only map whose values are computed on first access. */
        private final class Variables extends AbstractMap<String, Object> {
            @Override
            public boolean containsKey(Object key) {
                return variableIndex.containsKey(key);
            }

            @Override
            public Object get(Object key) {
                Integer i = variableIndex.get(key);
                return i == null ? null : variable(i);
            }

            @Override
            public int size() {
                return variables.size();
            }

            @Override
            public Set<Map.Entry<String, Object>> entrySet() {
                Set<Map.Entry<String, Object>> entries = new LinkedHashSet<>();
                for (int i = 0; i < variables.size(); i++) {
                    entries.add(new SimpleImmutableEntry<>(variables.get(i).name(), variable(i)));
                }
                return Collections.unmodifiableSet(entries);
            }
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // CEL-Java prefixes "evaluation error at <input>:N: "; keep the part that says what went wrong.
        m = m.replaceFirst("^evaluation error at <input>:\\d+: ", "");
        m = m.replace('\n', ' ').replace('\r', ' ');
        return m.length() > 500 ? m.substring(0, 500) + "..." : m;
    }

    // ------------------------------------------------------------------------------------------------------
    // parsing

    /**
     * Reads and compiles one policy document.
     *
     * @param env the CEL environment
     * @param budget the evaluation budget
     * @param document the document
     * @param kind its policy kind
     * @return the compiled policy
     * @throws CelPolicyException if the document is malformed or an expression does not compile
     */
    public static CompiledPolicy compile(CelEnv env, CelBudget budget, ManifestDocument document, CelPolicyKind kind) {
        Builder b = new Builder(document.describe(), kind, budget);
        JsonNode root = document.content();
        b.name = document.name().orElseThrow(() -> b.error("metadata.name", "a policy must have a name"));
        JsonNode spec = root.get("spec");
        if (spec == null || !spec.isObject()) {
            throw b.error("spec", "a policy must have a spec (a mapping)");
        }
        JsonNode annotations = root.path("metadata").path("annotations");
        String failure = b.optionalText(spec, "failurePolicy", "spec.failurePolicy").orElse("Fail");
        if (!failure.equals("Fail") && !failure.equals("Ignore")) {
            throw b.error("spec.failurePolicy", "must be Fail or Ignore, was '" + failure + "'");
        }
        b.failClosed = failure.equals("Fail");
        b.severity = b.severity(annotations.path(SEVERITY_ANNOTATION), "metadata.annotations[" + SEVERITY_ANNOTATION
                + "]").or(() -> b.severity(spec.path("severity"), "spec.severity")).orElse(PolicySeverity.MEDIUM);
        b.mode = b.actions(annotations.path(ACTIONS_ANNOTATION), "metadata.annotations[" + ACTIONS_ANNOTATION + "]")
                .or(() -> b.actions(spec.path("validationActions"), "spec.validationActions"))
                .orElse(PolicyMode.DENY);
        JsonNode paramKind = spec.get("paramKind");
        if (paramKind != null && !paramKind.isNull()) {
            String apiVersion = b.requiredText(paramKind, "apiVersion", "spec.paramKind.apiVersion");
            String pk = b.requiredText(paramKind, "kind", "spec.paramKind.kind");
            b.paramKind = Optional.of(new String[] {apiVersion, pk});
        }
        JsonNode constraints = spec.get("matchConstraints");
        if (constraints == null || constraints.isNull()) {
            if (kind == CelPolicyKind.VALIDATING_ADMISSION_POLICY) {
                throw b.error("spec.matchConstraints", "is required");
            }
        } else {
            b.rules.addAll(b.rules(constraints.get("resourceRules"), "spec.matchConstraints.resourceRules"));
            b.excludes.addAll(b.rules(constraints.get("excludeResourceRules"),
                    "spec.matchConstraints.excludeResourceRules"));
            if (kind == CelPolicyKind.VALIDATING_ADMISSION_POLICY && b.rules.isEmpty()) {
                throw b.error("spec.matchConstraints.resourceRules", "must name at least one rule");
            }
            b.objectSelector = b.selector(constraints.get("objectSelector"), "spec.matchConstraints.objectSelector");
            b.namespaceSelector = b.selector(constraints.get("namespaceSelector"),
                    "spec.matchConstraints.namespaceSelector");
            String matchPolicy = b.optionalText(constraints, "matchPolicy", "spec.matchConstraints.matchPolicy")
                    .orElse("Equivalent");
            if (!matchPolicy.equals("Equivalent") && !matchPolicy.equals("Exact")) {
                throw b.error("spec.matchConstraints.matchPolicy", "must be Exact or Equivalent, was '"
                        + matchPolicy + "'");
            }
            b.exactMatch = matchPolicy.equals("Exact");
        }
        Set<String> seen = new java.util.HashSet<>();
        List<JsonNode> conditions = b.list(spec, "matchConditions");
        if (conditions.size() > MAX_MATCH_CONDITIONS) {
            throw b.error("spec.matchConditions", "at most " + MAX_MATCH_CONDITIONS + " are allowed, found "
                    + conditions.size());
        }
        for (int i = 0; i < conditions.size(); i++) {
            String field = "spec.matchConditions[" + i + "]";
            String n = b.requiredText(conditions.get(i), "name", field + ".name");
            if (!seen.add(n)) {
                throw b.error(field + ".name", "duplicate match condition '" + n + "'");
            }
            b.matchConditions.add(b.expr(env, n, conditions.get(i), "expression", field + ".expression",
                    EnumSet.of(CelKind.BOOL)));
        }
        if (b.matchConditions.size() > 1) {
            StringBuilder all = new StringBuilder();
            for (Expr c : b.matchConditions) {
                all.append(all.length() == 0 ? "" : " && ").append("(\n").append(c.text()).append("\n)");
            }
            com.fasterxml.jackson.databind.node.ObjectNode combined =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            combined.put("expression", all.toString());
            b.allMatchConditions = b.expr(env, "*", combined, "expression", "spec.matchConditions",
                    EnumSet.of(CelKind.BOOL));
        }
        seen.clear();
        List<JsonNode> vars = b.list(spec, "variables");
        for (int i = 0; i < vars.size(); i++) {
            String field = "spec.variables[" + i + "]";
            String n = b.requiredText(vars.get(i), "name", field + ".name");
            if (!n.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw b.error(field + ".name", "'" + n + "' is not a valid CEL identifier");
            }
            if (!seen.add(n)) {
                throw b.error(field + ".name", "duplicate variable '" + n + "'");
            }
            b.variables.add(b.expr(env, n, vars.get(i), "expression", field + ".expression", null));
        }
        List<JsonNode> vals = b.list(spec, "validations");
        for (int i = 0; i < vals.size(); i++) {
            String field = "spec.validations[" + i + "]";
            JsonNode v = vals.get(i);
            Expr expression = b.expr(env, Integer.toString(i), v, "expression", field + ".expression",
                    EnumSet.of(CelKind.BOOL));
            String message = b.optionalText(v, "message", field + ".message").orElse("");
            if (message.contains("\n")) {
                throw b.error(field + ".message", "must not contain line breaks");
            }
            Expr messageExpression = v.hasNonNull("messageExpression")
                    ? b.expr(env, Integer.toString(i), v, "messageExpression", field + ".messageExpression",
                    EnumSet.of(CelKind.STRING))
                    : null;
            String reason = b.optionalText(v, "reason", field + ".reason").orElse("Invalid");
            if (!List.of("Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge").contains(reason)) {
                throw b.error(field + ".reason", "must be Unauthorized, Forbidden, Invalid or RequestEntityTooLarge,"
                        + " was '" + reason + "'");
            }
            String fieldPath = b.optionalText(v, "fieldPath", field + ".fieldPath").orElse("");
            b.validations.add(new Validation(expression, message, messageExpression,
                    fieldPath.startsWith(".") ? fieldPath.substring(1) : fieldPath));
        }
        seen.clear();
        List<JsonNode> audits = b.list(spec, "auditAnnotations");
        for (int i = 0; i < audits.size(); i++) {
            String field = "spec.auditAnnotations[" + i + "]";
            String key = b.requiredText(audits.get(i), "key", field + ".key");
            if (!seen.add(key)) {
                throw b.error(field + ".key", "duplicate key '" + key + "'");
            }
            b.auditAnnotations.add(b.expr(env, key, audits.get(i), "valueExpression", field + ".valueExpression",
                    EnumSet.of(CelKind.STRING, CelKind.NULL_TYPE)));
        }
        if (b.validations.isEmpty() && b.auditAnnotations.isEmpty()) {
            throw b.error("spec", "a policy needs at least one of validations and auditAnnotations");
        }
        return new CompiledPolicy(b);
    }

    /** Mutable state while reading one document. */
    private static final class Builder {
        final String source;
        final CelPolicyKind kind;
        final CelBudget budget;
        String name = "";
        boolean failClosed = true;
        PolicySeverity severity = PolicySeverity.MEDIUM;
        PolicyMode mode = PolicyMode.DENY;
        Optional<String[]> paramKind = Optional.empty();
        final List<ResourceRule> rules = new ArrayList<>();
        final List<ResourceRule> excludes = new ArrayList<>();
        Selector objectSelector;
        Selector namespaceSelector;
        boolean exactMatch;
        final List<Expr> matchConditions = new ArrayList<>();
        Expr allMatchConditions;
        final List<Expr> variables = new ArrayList<>();
        final List<Validation> validations = new ArrayList<>();
        final List<Expr> auditAnnotations = new ArrayList<>();

        Builder(String source, CelPolicyKind kind, CelBudget budget) {
            this.source = source;
            this.kind = kind;
            this.budget = budget;
        }

        CelPolicyException error(String field, String detail) {
            return new CelPolicyException(source, name, field, "", 0, 0, detail, null);
        }

        Optional<String> optionalText(JsonNode node, String key, String field) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isTextual()) {
                throw error(field, "must be a string");
            }
            return Optional.of(v.textValue());
        }

        String requiredText(JsonNode node, String key, String field) {
            String s = optionalText(node, key, field).orElse("");
            if (s.isBlank()) {
                throw error(field, "is required");
            }
            return s;
        }

        List<JsonNode> list(JsonNode node, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error("spec." + key, "must be a list");
            }
            List<JsonNode> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isObject()) {
                    throw error("spec." + key + "[" + i + "]", "must be a mapping");
                }
                out.add(v.get(i));
            }
            return out;
        }

        List<String> strings(JsonNode node, String field) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw error(field, "must be a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw error(field, "must be a list of strings");
                }
                out.add(n.textValue());
            }
            return List.copyOf(out);
        }

        List<ResourceRule> rules(JsonNode node, String field) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw error(field, "must be a list");
            }
            List<ResourceRule> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode r = node.get(i);
                String f = field + "[" + i + "]";
                List<String> operations = strings(r.get("operations"), f + ".operations");
                for (String op : operations) {
                    if (!List.of("*", "CREATE", "UPDATE", "DELETE", "CONNECT").contains(op)) {
                        throw error(f + ".operations", "unknown operation '" + op
                                + "'; expected CREATE, UPDATE, DELETE, CONNECT or *");
                    }
                }
                out.add(new ResourceRule(strings(r.get("apiGroups"), f + ".apiGroups"),
                        strings(r.get("apiVersions"), f + ".apiVersions"),
                        strings(r.get("resources"), f + ".resources"), operations,
                        strings(r.get("resourceNames"), f + ".resourceNames")));
            }
            return out;
        }

        Selector selector(JsonNode node, String field) {
            if (node == null || node.isNull() || node.isEmpty()) {
                return null;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            node.path("matchLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            List<Requirement> requirements = new ArrayList<>();
            JsonNode exprs = node.path("matchExpressions");
            for (int i = 0; i < exprs.size(); i++) {
                JsonNode e = exprs.get(i);
                String f = field + ".matchExpressions[" + i + "]";
                String op = requiredText(e, "operator", f + ".operator");
                if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
                    throw error(f + ".operator", "must be In, NotIn, Exists or DoesNotExist, was '" + op + "'");
                }
                requirements.add(new Requirement(requiredText(e, "key", f + ".key"), op,
                        strings(e.get("values"), f + ".values")));
            }
            return new Selector(Map.copyOf(labels), List.copyOf(requirements));
        }

        Optional<PolicySeverity> severity(JsonNode node, String field) {
            if (node.isMissingNode() || node.isNull()) {
                return Optional.empty();
            }
            try {
                return Optional.of(PolicySeverity.parse(node.asText()));
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        Optional<PolicyMode> actions(JsonNode node, String field) {
            if (node.isMissingNode() || node.isNull()) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(n -> names.add(n.asText()));
            } else {
                for (String s : node.asText().split(",")) {
                    names.add(s);
                }
            }
            try {
                return strongest(names);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        Expr expr(CelEnv env, String exprName, JsonNode node, String key, String field, Set<CelKind> resultKinds) {
            JsonNode v = node.get(key);
            if (v == null || !v.isTextual() || v.textValue().isBlank()) {
                throw error(field, "is required (a CEL expression string)");
            }
            String text = v.textValue();
            CelAbstractSyntaxTree ast;
            try {
                ast = env.compile(text);
            } catch (CelValidationException e) {
                CelIssue issue = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
                int line = issue == null ? 0 : Math.max(1, issue.getSourceLocation().getLine());
                int column = issue == null ? 0 : issue.getSourceLocation().getColumn() + 1;
                String detail = issue == null ? String.valueOf(e.getMessage()) : issue.getMessage();
                throw new CelPolicyException(source, name, field, text, line, column, detail, e);
            } catch (RuntimeException e) {
                // The parser reports some pathological inputs (e.g. nesting) as unchecked exceptions.
                throw new CelPolicyException(source, name, field, text, 0, 0, "cannot compile: " + e, e);
            }
            CelType type = ast.getResultType();
            if (resultKinds != null && type.kind() != CelKind.DYN && !resultKinds.contains(type.kind())) {
                throw new CelPolicyException(source, name, field, text, 0, 0, "must evaluate to "
                        + resultKinds.iterator().next().name().toLowerCase(Locale.ROOT) + ", not " + type.name(),
                        null);
            }
            try {
                return new Expr(exprName, field, text, env.plan(ast), env.fast(ast));
            } catch (CelEvaluationException | RuntimeException e) {
                throw new CelPolicyException(source, name, field, text, 0, 0, "cannot plan: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Returns the strongest of some validation actions: {@code Deny} over {@code Warn} over {@code Audit}.
     *
     * @param names the action names
     * @return the strongest, empty when none were given
     * @throws IllegalArgumentException if a name is not an action
     */
    public static Optional<PolicyMode> strongest(List<String> names) {
        PolicyMode best = null;
        for (String s : names) {
            if (s.isBlank()) {
                continue;
            }
            PolicyMode m = PolicyMode.parse(s);
            if (best == null || m.ordinal() < best.ordinal()) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }
}
