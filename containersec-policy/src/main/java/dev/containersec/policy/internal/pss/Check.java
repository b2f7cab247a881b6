package dev.containersec.policy.internal.pss;

import dev.containersec.policy.PssCheckResult;
import dev.containersec.policy.PssLevel;
import dev.containersec.policy.PssViolation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One versioned definition of a Pod Security Standards check, ready to run. Immutable and thread-safe.
 */
public abstract class Check {

    private final String id;
    private final PssLevel level;
    private final PssCheckResult pass;

    Check(String id, PssLevel level) {
        this.id = id;
        this.level = level;
        this.pass = PssCheckResult.pass(id, level);
    }

    /**
     * Returns the PSA check ID.
     *
     * @return the ID
     */
    public final String id() {
        return id;
    }

    /**
     * Returns the level that defines the check.
     *
     * @return baseline or restricted
     */
    public final PssLevel level() {
        return level;
    }

    /**
     * Evaluates a pod.
     *
     * @param pod the pod
     * @return the result; a shared instance when the pod passes
     */
    public abstract PssCheckResult evaluate(PodModel pod);

    final PssCheckResult pass() {
        return pass;
    }

    /** Collects violations for one failing evaluation. */
    final class Failure {
        private final String reason;
        private final List<PssViolation> violations = new ArrayList<>(2);

        Failure(String reason) {
            this.reason = reason;
        }

        Failure add(String path, String container, String detail) {
            violations.add(new PssViolation(id, path, Optional.ofNullable(container), reason, detail));
            return this;
        }

        PssCheckResult result(String detail) {
            return new PssCheckResult(id, level, false, reason, detail, violations);
        }
    }

    /**
     * The failure for containers that leave a field unset when the pod leaves it unset too: PSA names
     * them as "pod or container X must set ...", one violation per container.
     *
     * @param reason the forbidden reason
     * @param field the field below the container's securityContext path, e.g. {@code .runAsNonRoot}
     * @param suffix what must be set, starting with a space
     * @param implicit the containers concerned, never empty
     * @return the failed result
     */
    PssCheckResult implicitFailure(String reason, String field, String suffix, List<PodModel.Container> implicit) {
        Failure f = new Failure(reason);
        List<String> names = new ArrayList<>();
        for (PodModel.Container c : implicit) {
            names.add(c.name);
            f.add(Checks.scPath(c) + field, c.name, "pod or container " + quote(c.name) + suffix);
        }
        return f.result("pod or " + containers(names) + suffix);
    }

    /**
     * Returns the containers whose security context a test finds bad.
     *
     * @param pod the pod
     * @param bad the test, given a container's non-null security context
     * @return the containers, in pod order; null when there are none (so a passing pod allocates nothing)
     */
    static List<PodModel.Container> failing(PodModel pod, Predicate<PodModel.SecurityContext> bad) {
        List<PodModel.Container> out = null;
        for (PodModel.Container c : pod.containers) {
            if (c.securityContext != null && bad.test(c.securityContext)) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Returns the containers that leave a security-context field unset: no security context, or one that does
     * not set it.
     *
     * @param pod the pod
     * @param sets whether a container's non-null security context sets the field
     * @return the containers, in pod order; null when there are none
     */
    static List<PodModel.Container> unset(PodModel pod, Predicate<PodModel.SecurityContext> sets) {
        List<PodModel.Container> out = null;
        for (PodModel.Container c : pod.containers) {
            if (c.securityContext == null || !sets.test(c.securityContext)) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The failure where the pod's security context and some containers' set a forbidden value, in PSA's
     * wording: one violation for the pod and one per container ({@code <setter><suffix>[ "<value>"]}), and the
     * detail {@code pod and containers "a", "b"<suffix>[ "<values>"]}.
     *
     * @param reason the failure's reason
     * @param psc the pod's security context (used when {@code podBad})
     * @param podBad whether the pod's security context sets the value
     * @param bad the containers that set it, or null
     * @param field the field under {@code securityContext}, e.g. {@code .runAsUser}
     * @param suffix e.g. {@code " must not set runAsUser=0"}
     * @param value the offending value of a security context, quoted after the suffix; null when the suffix
     *     says it all
     * @return the result
     */
    PssCheckResult podAndContainers(String reason, PodModel.SecurityContext psc, boolean podBad,
                                    List<PodModel.Container> bad, String field, String suffix,
                                    Function<PodModel.SecurityContext, String> value) {
        Failure f = new Failure(reason);
        TreeSet<String> values = value == null ? null : new TreeSet<>();
        if (podBad) {
            f.add(psc.path + field, null, "pod" + suffix + valued(psc, value, values));
        }
        List<String> names = new ArrayList<>();
        if (bad != null) {
            for (PodModel.Container c : bad) {
                names.add(c.name);
                f.add(c.securityContext.path + field, c.name,
                        "container " + quote(c.name) + suffix + valued(c.securityContext, value, values));
            }
        }
        return f.result(setters(podBad, names) + suffix + (value == null ? "" : joinQuote(values)));
    }

    private static String valued(PodModel.SecurityContext sc, Function<PodModel.SecurityContext, String> value,
                                 TreeSet<String> values) {
        if (value == null) {
            return "";
        }
        String v = value.apply(sc);
        values.add(v);
        return quote(v);
    }

    static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }

    /** {@code "a", "b"}, as PSA's joinQuote. */
    static String joinQuote(Collection<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        return "\"" + String.join("\", \"", items) + "\"";
    }

    static String quote(String item) {
        return "\"" + item + "\"";
    }

    /** {@code container "a"} or {@code containers "a", "b"}. */
    static String containers(List<String> names) {
        return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
    }

    /** {@code pod}, {@code container "a"}, or {@code pod and containers "a", "b"}. */
    static String setters(boolean pod, List<String> containerNames) {
        if (containerNames.isEmpty()) {
            return "pod";
        }
        return pod ? "pod and " + containers(containerNames) : containers(containerNames);
    }

    /** Quotes as Go's {@code %q} does for the strings manifests hold. */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
