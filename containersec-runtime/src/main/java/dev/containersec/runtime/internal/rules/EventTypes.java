package dev.containersec.runtime.internal.rules;

import dev.containersec.runtime.internal.rules.Ast.And;
import dev.containersec.runtime.internal.rules.Ast.Check;
import dev.containersec.runtime.internal.rules.Ast.FieldRef;
import dev.containersec.runtime.internal.rules.Ast.Node;
import dev.containersec.runtime.internal.rules.Ast.Or;
import dev.containersec.runtime.internal.rules.Ast.Value;
import dev.containersec.runtime.internal.rules.Ast.ValueList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes the {@code evt.type} values an expanded condition can match, as Falco does to index rules:
 * a conjunction narrows, a disjunction widens, anything else (including {@code not}) allows every type.
 */
final class EventTypes {

    /** Every event type known to containersec's events. */
    static final List<String> ALL_TYPES = List.of("execve", "procexit", "openat", "connect", "accept", "listen",
            "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "capset", "init_module",
            "finit_module", "ptrace");

    private EventTypes() {
    }

    /**
     * Returns the event types the condition can match, or null for "any".
     */
    static Set<String> of(Node node) {
        if (node instanceof And and) {
            Set<String> result = null;
            for (Node child : and.children()) {
                Set<String> c = of(child);
                if (c != null) {
                    if (result == null) {
                        result = new HashSet<>(c);
                    } else {
                        result.retainAll(c);
                    }
                }
            }
            return result;
        }
        if (node instanceof Or or) {
            Set<String> result = new HashSet<>();
            for (Node child : or.children()) {
                Set<String> c = of(child);
                if (c == null) {
                    return null;
                }
                result.addAll(c);
            }
            return result;
        }
        if (node instanceof Check check && check.lhs() instanceof FieldRef f && f.name().equals("evt.type")
                && f.arg().isEmpty()) {
            String op = check.op();
            if ((op.equals("=") || op.equals("==")) && check.rhs() instanceof Value v) {
                return Set.of(v.text());
            }
            if ((op.equals("in") || op.equals("intersects")) && check.rhs() instanceof ValueList list) {
                Set<String> result = new HashSet<>();
                for (Value v : list.items()) {
                    result.add(v.text());
                }
                return result;
            }
        }
        return null;
    }
}
