package dev.containersec.runtime.internal.rules;

import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of a Falco condition. Parentheses leave no node of their own; {@code and} and
 * {@code or} chains are n-ary. Values keep whether they were quoted, so that printing and parsing again
 * gives an equal tree.
 */
public final class Ast {
    private Ast() {
    }

    /** A boolean expression. */
    public sealed interface Node permits Or, And, Not, MacroRef, Check {
    }

    /**
     * A disjunction of at least two operands.
     *
     * @param children the operands, in order
     */
    public record Or(List<Node> children) implements Node {
        /** Copies and checks the operands. */
        public Or {
            children = List.copyOf(children);
            if (children.size() < 2) {
                throw new IllegalArgumentException("or needs two operands");
            }
        }
    }

    /**
     * A conjunction of at least two operands.
     *
     * @param children the operands, in order
     */
    public record And(List<Node> children) implements Node {
        /** Copies and checks the operands. */
        public And {
            children = List.copyOf(children);
            if (children.size() < 2) {
                throw new IllegalArgumentException("and needs two operands");
            }
        }
    }

    /**
     * A negation.
     *
     * @param child the negated expression
     */
    public record Not(Node child) implements Node {
        /** Checks for null. */
        public Not {
            Objects.requireNonNull(child, "child");
        }
    }

    /**
     * A reference to a macro, by name.
     *
     * @param name the macro name
     */
    public record MacroRef(String name) implements Node {
        /** Checks for null. */
        public MacroRef {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A comparison: a field (or transformed field), an operator and its operand.
     *
     * @param lhs the left-hand side
     * @param op the operator as written, lower case ({@code =}, {@code contains}, {@code in}, {@code exists} ...)
     * @param rhs the operand; {@link NoValue} for {@code exists}
     */
    public record Check(Lhs lhs, String op, Rhs rhs) implements Node {
        /** Checks for nulls. */
        public Check {
            Objects.requireNonNull(lhs, "lhs");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(rhs, "rhs");
        }
    }

    /** The left-hand side of a check, or the operand of {@code val()}. */
    public sealed interface Lhs permits FieldRef, Transform {
    }

    /**
     * A field, with its optional argument ({@code proc.aname[2]}).
     *
     * @param name the field name
     * @param arg the argument without brackets, or {@code ""} for none
     */
    public record FieldRef(String name, String arg) implements Lhs {
        /** Checks for nulls. */
        public FieldRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arg, "arg");
        }

        /**
         * Returns the field as written, e.g. {@code proc.aname[2]}.
         *
         * @return the display text
         */
        public String display() {
            return arg.isEmpty() ? name : name + "[" + arg + "]";
        }
    }

    /**
     * A transformer applied to a field or another transformer, e.g. {@code tolower(proc.name)}.
     *
     * @param function the transformer name
     * @param arg its operand
     */
    public record Transform(String function, Lhs arg) implements Lhs {
        /** Checks for nulls. */
        public Transform {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(arg, "arg");
        }
    }

    /** The right-hand side of a check. */
    public sealed interface Rhs permits Value, ValueList, ListRef, FieldValue, NoValue {
    }

    /**
     * A single value.
     *
     * @param text the value without quotes, escapes resolved
     * @param quoted whether it was written in quotes
     */
    public record Value(String text, boolean quoted) implements Rhs {
        /** Checks for null. */
        public Value {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A parenthesised list of values; unquoted items that name a list are expanded at load.
     *
     * @param items the items
     */
    public record ValueList(List<Value> items) implements Rhs {
        /** Copies the items. */
        public ValueList {
            items = List.copyOf(items);
        }
    }

    /**
     * A list referenced by name after a list operator ({@code proc.name in shell_binaries}).
     *
     * @param name the list name
     */
    public record ListRef(String name) implements Rhs {
        /** Checks for null. */
        public ListRef {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * Another field as the operand: {@code val(field)} or a transformer.
     *
     * @param lhs the field
     */
    public record FieldValue(Lhs lhs) implements Rhs {
        /** Checks for null. */
        public FieldValue {
            Objects.requireNonNull(lhs, "lhs");
        }
    }

    /** No operand ({@code exists}). */
    public record NoValue() implements Rhs {
    }
}
