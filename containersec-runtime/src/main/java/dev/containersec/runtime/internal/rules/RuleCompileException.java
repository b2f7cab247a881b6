package dev.containersec.runtime.internal.rules;

import java.util.Optional;

/** A condition, exception or output could not be compiled; carries the offending field when there is one. */
final class RuleCompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final boolean unknownField;

    RuleCompileException(String message, String field, boolean unknownField) {
        super(message, null, false, false);
        this.field = field;
        this.unknownField = unknownField;
    }

    RuleCompileException(String message) {
        this(message, null, false);
    }

    static RuleCompileException unknownField(String field) {
        return new RuleCompileException("unknown field '" + field + "'", field, true);
    }

    Optional<String> field() {
        return Optional.ofNullable(field);
    }

    boolean isUnknownField() {
        return unknownField;
    }
}
