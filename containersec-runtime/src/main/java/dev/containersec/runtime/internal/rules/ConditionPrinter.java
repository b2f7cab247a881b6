package dev.containersec.runtime.internal.rules;

import dev.containersec.runtime.internal.rules.Ast.And;
import dev.containersec.runtime.internal.rules.Ast.Check;
import dev.containersec.runtime.internal.rules.Ast.FieldRef;
import dev.containersec.runtime.internal.rules.Ast.FieldValue;
import dev.containersec.runtime.internal.rules.Ast.Lhs;
import dev.containersec.runtime.internal.rules.Ast.ListRef;
import dev.containersec.runtime.internal.rules.Ast.MacroRef;
import dev.containersec.runtime.internal.rules.Ast.NoValue;
import dev.containersec.runtime.internal.rules.Ast.Node;
import dev.containersec.runtime.internal.rules.Ast.Not;
import dev.containersec.runtime.internal.rules.Ast.Or;
import dev.containersec.runtime.internal.rules.Ast.Rhs;
import dev.containersec.runtime.internal.rules.Ast.Transform;
import dev.containersec.runtime.internal.rules.Ast.Value;
import dev.containersec.runtime.internal.rules.Ast.ValueList;
import java.util.stream.Collectors;

/** Prints {@link Ast} nodes as condition text that {@link ConditionParser} parses back to an equal tree. */
public final class ConditionPrinter {
    private ConditionPrinter() {
    }

    /**
     * Prints a condition.
     *
     * @param node the tree
     * @return the condition text
     */
    public static String print(Node node) {
        if (node instanceof Or or) {
            return or.children().stream().map(ConditionPrinter::operand).collect(Collectors.joining(" or "));
        }
        if (node instanceof And and) {
            return and.children().stream().map(ConditionPrinter::operand).collect(Collectors.joining(" and "));
        }
        if (node instanceof Not not) {
            return "not " + operand(not.child());
        }
        if (node instanceof MacroRef ref) {
            return ref.name();
        }
        Check check = (Check) node;
        String head = lhs(check.lhs()) + " " + check.op();
        return check.rhs() instanceof NoValue ? head : head + " " + rhs(check.rhs());
    }

    private static String operand(Node node) {
        return node instanceof Or || node instanceof And ? "(" + print(node) + ")" : print(node);
    }

    /**
     * Prints a field or transformer.
     *
     * @param lhs the field
     * @return its text, e.g. {@code tolower(proc.aname[2])}
     */
    public static String lhs(Lhs lhs) {
        if (lhs instanceof Transform t) {
            return t.function() + "(" + lhs(t.arg()) + ")";
        }
        FieldRef f = (FieldRef) lhs;
        if (f.arg().isEmpty()) {
            return f.name();
        }
        boolean bare = f.arg().chars().allMatch(c -> ConditionParser.isArgChar((char) c));
        return f.name() + "[" + (bare ? f.arg() : quote(f.arg())) + "]";
    }

    private static String rhs(Rhs rhs) {
        if (rhs instanceof Value v) {
            return value(v);
        }
        if (rhs instanceof ValueList list) {
            return list.items().stream().map(ConditionPrinter::value).collect(Collectors.joining(", ", "(", ")"));
        }
        if (rhs instanceof ListRef ref) {
            return ref.name();
        }
        Lhs field = ((FieldValue) rhs).lhs();
        return field instanceof FieldRef ? "val(" + lhs(field) + ")" : lhs(field);
    }

    private static String value(Value v) {
        boolean bare = !v.quoted() && !v.text().isEmpty()
                && v.text().chars().allMatch(c -> ConditionParser.isBareChar((char) c));
        return bare ? v.text() : quote(v.text());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
