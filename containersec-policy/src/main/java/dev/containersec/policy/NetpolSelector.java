package dev.containersec.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}), with the matching rules of
 * <a href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors">label
 * selectors</a>: all terms must hold; an empty selector matches everything.
 *
 * @param matchLabels labels that must be present with exactly these values
 * @param matchExpressions further requirements, all of which must hold
 */
public record NetpolSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    private static final NetpolSelector ALL = new NetpolSelector(Map.of(), List.of());

    /** Copies the collections (labels sorted by key) and checks for nulls. */
    public NetpolSelector {
        matchLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(matchLabels, "matchLabels")));
        matchExpressions = List.copyOf(Objects.requireNonNull(matchExpressions, "matchExpressions"));
    }

    /**
     * Returns the empty selector, which matches every object.
     *
     * @return {@code {}}
     */
    public static NetpolSelector all() {
        return ALL;
    }

    /**
     * Returns a selector of {@code matchLabels} only.
     *
     * @param labels the labels to require
     * @return the selector
     */
    public static NetpolSelector ofLabels(Map<String, String> labels) {
        return new NetpolSelector(labels, List.of());
    }

    /**
     * Tells whether this selector has no terms and so matches everything.
     *
     * @return true for {@code {}}
     */
    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    /**
     * Tells whether an object with these labels is selected.
     *
     * @param labels the object's labels
     * @return true if every term holds
     */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder();
        matchLabels.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        for (Requirement r : matchExpressions) {
            sb.append(sb.length() == 0 ? "" : ",").append(r);
        }
        return sb.toString();
    }

    /** The operators of a {@code matchExpressions} requirement. */
    public enum Operator {
        /** The label is present and its value is one of the values. */
        IN("In"),
        /** The label is absent, or present with a value not among the values. */
        NOT_IN("NotIn"),
        /** The label is present, whatever its value. */
        EXISTS("Exists"),
        /** The label is absent. */
        DOES_NOT_EXIST("DoesNotExist");

        private final String kubernetesName;

        Operator(String kubernetesName) {
            this.kubernetesName = kubernetesName;
        }

        /**
         * Returns the operator as Kubernetes spells it.
         *
         * @return for example {@code NotIn}
         */
        public String kubernetesName() {
            return kubernetesName;
        }

        /**
         * Parses the Kubernetes spelling.
         *
         * @param text {@code In}, {@code NotIn}, {@code Exists} or {@code DoesNotExist}
         * @return the operator
         * @throws IllegalArgumentException naming the value and the allowed ones
         */
        public static Operator parse(String text) {
            for (Operator o : values()) {
                if (o.kubernetesName.equals(text)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("operator '" + text + "' is not one of In, NotIn, Exists, DoesNotExist");
        }
    }

    /**
     * One {@code matchExpressions} term.
     *
     * @param key the label key
     * @param operator how the label is tested
     * @param values the values for {@code In}/{@code NotIn}; empty for {@code Exists}/{@code DoesNotExist}
     */
    public record Requirement(String key, Operator operator, Set<String> values) {

        /**
         * Validates the term as the Kubernetes API server does.
         *
         * @throws IllegalArgumentException if In/NotIn has no values or Exists/DoesNotExist has some
         */
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = Set.copyOf(Objects.requireNonNull(values, "values"));
            boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
            if (needsValues && values.isEmpty()) {
                throw new IllegalArgumentException("matchExpressions key " + key + ": operator "
                        + operator.kubernetesName() + " needs at least one value");
            }
            if (!needsValues && !values.isEmpty()) {
                throw new IllegalArgumentException("matchExpressions key " + key + ": operator "
                        + operator.kubernetesName() + " takes no values");
            }
        }

        /**
         * Tells whether labels satisfy this term.
         *
         * @param labels the object's labels
         * @return true if the term holds
         */
        public boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            switch (operator) {
                case IN: return v != null && values.contains(v);
                case NOT_IN: return v == null || !values.contains(v);
                case EXISTS: return v != null;
                default: return v == null;
            }
        }

        @Override
        public String toString() {
            return key + " " + operator.kubernetesName() + (values.isEmpty() ? "" : " " + new java.util.TreeSet<>(values));
        }
    }
}
