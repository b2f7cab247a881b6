package dev.containersec.runtime.internal.rules;

import dev.containersec.runtime.internal.rules.Ast.And;
import dev.containersec.runtime.internal.rules.Ast.Check;
import dev.containersec.runtime.internal.rules.Ast.ListRef;
import dev.containersec.runtime.internal.rules.Ast.MacroRef;
import dev.containersec.runtime.internal.rules.Ast.Node;
import dev.containersec.runtime.internal.rules.Ast.Not;
import dev.containersec.runtime.internal.rules.Ast.Or;
import dev.containersec.runtime.internal.rules.Ast.Value;
import dev.containersec.runtime.internal.rules.Ast.ValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces macro references by the (already expanded) macro trees and list names by their items, and
 * measures the result. Expanded macros are shared, not copied, so memory stays linear; the measured
 * size counts every use, and both size and depth are bounded so that macro or list "bombs" end in a
 * {@link RuleCompileException}.
 */
final class Expander {

    /** Most nodes (checks, operators and list items) one rule may expand to. */
    static final int MAX_NODES = 200_000;
    /** Deepest nesting one rule may expand to. */
    static final int MAX_DEPTH = 500;

    /** An expanded tree and its measurements. */
    record Expanded(Node node, long size, int depth) {
    }

    private final Map<String, Expanded> macros;
    private final Map<String, List<Value>> lists;
    private final java.util.Set<String> broken;

    Expander(Map<String, Expanded> macros, Map<String, List<Value>> lists, java.util.Set<String> broken) {
        this.macros = macros;
        this.lists = lists;
        this.broken = broken;
    }

    Expanded expand(Node node) {
        Expanded e = walk(node);
        check(e);
        return e;
    }

    private static void check(Expanded e) {
        if (e.size() > MAX_NODES) {
            throw new RuleCompileException("condition expands to " + e.size() + " nodes, more than the limit of "
                    + MAX_NODES + " (macro or list expansion too large)");
        }
        if (e.depth() > MAX_DEPTH) {
            throw new RuleCompileException("condition expands to a nesting depth of " + e.depth()
                    + ", more than the limit of " + MAX_DEPTH);
        }
    }

    private Expanded walk(Node node) {
        if (node instanceof MacroRef ref) {
            Expanded m = macros.get(ref.name());
            if (m == null && broken.contains(ref.name())) {
                throw new RuleCompileException("macro '" + ref.name() + "' has errors");
            }
            if (m == null) {
                throw new RuleCompileException("undefined macro '" + ref.name() + "'");
            }
            return m;
        }
        if (node instanceof Not not) {
            Expanded c = walk(not.child());
            Expanded e = new Expanded(new Not(c.node()), c.size() + 1, c.depth() + 1);
            check(e);
            return e;
        }
        if (node instanceof And and) {
            return combine(and.children(), true);
        }
        if (node instanceof Or or) {
            return combine(or.children(), false);
        }
        Check check = (Check) node;
        if (check.rhs() instanceof ListRef ref) {
            List<Value> items = lists.get(ref.name());
            if (items == null) {
                throw new RuleCompileException("undefined list '" + ref.name() + "'");
            }
            return new Expanded(new Check(check.lhs(), check.op(), new ValueList(items)), 1L + items.size(), 1);
        }
        if (check.rhs() instanceof ValueList list) {
            List<Value> items = expandItems(list.items(), lists);
            return new Expanded(new Check(check.lhs(), check.op(), new ValueList(items)), 1L + items.size(), 1);
        }
        return new Expanded(check, 1, 1);
    }

    private Expanded combine(List<Node> children, boolean and) {
        List<Node> out = new ArrayList<>(children.size());
        long size = 1;
        int depth = 0;
        for (Node child : children) {
            Expanded c = walk(child);
            out.add(c.node());
            size += c.size();
            depth = Math.max(depth, c.depth());
        }
        Expanded e = new Expanded(and ? new And(out) : new Or(out), size, depth + 1);
        check(e);
        return e;
    }

    /** Replaces unquoted items that name a list by that list's items. */
    static List<Value> expandItems(List<Value> items, Map<String, List<Value>> lists) {
        List<Value> out = new ArrayList<>(items.size());
        for (Value v : items) {
            List<Value> named = v.quoted() ? null : lists.get(v.text());
            if (named != null) {
                out.addAll(named);
            } else {
                out.add(v);
            }
            if (out.size() > MAX_NODES) {
                throw new RuleCompileException("list expands to more than " + MAX_NODES + " items");
            }
        }
        return out;
    }
}
