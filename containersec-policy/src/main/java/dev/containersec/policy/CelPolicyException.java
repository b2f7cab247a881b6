package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import java.util.Objects;

/**
 * A CEL policy document is malformed: a missing or mistyped field, or an expression that does not parse or
 * type-check. The message names the source, the policy, the field, the expression and the 1-based line and
 * column within the expression, e.g. {@code policies.yaml: policy 'replica-limit' spec.validations[0].expression
 * "object.spec.replicas <=" at 1:24: mismatched input '<EOF>' ...}.
 */
public final class CelPolicyException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String policy;
    private final String field;
    private final String expression;
    private final int line;
    private final int column;

    /**
     * Creates the exception.
     *
     * @param source the policy file or name
     * @param policy the policy's name, empty when unknown
     * @param field the offending field, e.g. {@code spec.validations[0].expression}
     * @param expression the expression text, empty when the error is not in an expression
     * @param line the 1-based line within the expression, 0 when not applicable
     * @param column the 1-based column within the expression, 0 when not applicable
     * @param detail what is wrong
     * @param cause the underlying failure, or null
     */
    public CelPolicyException(String source, String policy, String field, String expression, int line, int column,
                              String detail, Throwable cause) {
        super(source, message(policy, field, expression, line, column, detail), cause);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.field = Objects.requireNonNull(field, "field");
        this.expression = Objects.requireNonNull(expression, "expression");
        this.line = line;
        this.column = column;
    }

    private static String message(String policy, String field, String expression, int line, int column,
                                  String detail) {
        StringBuilder sb = new StringBuilder();
        if (!policy.isEmpty()) {
            sb.append("policy '").append(policy).append("' ");
        }
        sb.append(field);
        if (!expression.isEmpty()) {
            String oneLine = expression.replace('\n', ' ');
            sb.append(" \"").append(oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine)
                    .append('"');
        }
        if (line > 0) {
            sb.append(" at ").append(line).append(':').append(column);
        }
        return sb.append(": ").append(detail).toString();
    }

    /**
     * Returns the policy's name.
     *
     * @return the name, empty when the document had none
     */
    public String policy() {
        return policy;
    }

    /**
     * Returns the offending field.
     *
     * @return e.g. {@code spec.validations[0].expression}
     */
    public String field() {
        return field;
    }

    /**
     * Returns the offending expression.
     *
     * @return the expression text, empty when the error is not in an expression
     */
    public String expression() {
        return expression;
    }

    /**
     * Returns the 1-based line of the error within the expression.
     *
     * @return the line, 0 when not applicable
     */
    public int line() {
        return line;
    }

    /**
     * Returns the 1-based column of the error within the expression.
     *
     * @return the column, 0 when not applicable
     */
    public int column() {
        return column;
    }
}
