package dev.containersec.policy.internal.cel;

import com.google.re2j.Pattern;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.values.NullValue;
import dev.containersec.policy.internal.cel.FastNodes.Binary;
import dev.containersec.policy.internal.cel.FastNodes.Node;
import dev.containersec.policy.internal.cel.FastNodes.Select;
import dev.containersec.policy.internal.cel.FastNodes.Unary;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a checked CEL syntax tree into a {@link FastProgram}, or declines (returns null) when the tree uses
 * anything outside the fast path's subset: then CEL-Java alone evaluates it. One compiler per expression.
 */
final class FastCompiler {

    /** The top-level variables, by their {@link FastProgram.Globals} index. */
    static final List<String> GLOBALS = List.of("object", "oldObject", "request", "params", "namespaceObject",
            "variables");

    private static final Map<String, Binary.Op> BINARY = Map.ofEntries(
            Map.entry("_==_", Binary.Op.EQ), Map.entry("_!=_", Binary.Op.NE), Map.entry("_<_", Binary.Op.LT),
            Map.entry("_<=_", Binary.Op.LE), Map.entry("_>_", Binary.Op.GT), Map.entry("_>=_", Binary.Op.GE),
            Map.entry("_+_", Binary.Op.ADD), Map.entry("_-_", Binary.Op.SUB), Map.entry("_*_", Binary.Op.MUL),
            Map.entry("_/_", Binary.Op.DIV), Map.entry("_%_", Binary.Op.MOD), Map.entry("@in", Binary.Op.IN),
            Map.entry("_[_]", Binary.Op.INDEX));

    private static final Map<String, Binary.Op> RECEIVER_BINARY = Map.of(
            "startsWith", Binary.Op.STARTS_WITH, "endsWith", Binary.Op.ENDS_WITH, "contains", Binary.Op.CONTAINS,
            "join", Binary.Op.JOIN);

    private static final Map<String, Unary.Op> UNARY = Map.of("dyn", Unary.Op.DYN,
            "!_", Unary.Op.NOT, "-_", Unary.Op.NEGATE, "size", Unary.Op.SIZE, "string", Unary.Op.STRING,
            "int", Unary.Op.INT, "@not_strictly_false", Unary.Op.NOT_STRICTLY_FALSE,
            "optional.of", Unary.Op.OPTIONAL_OF);

    private static final Map<String, Unary.Op> RECEIVER_UNARY = Map.of(
            "size", Unary.Op.SIZE, "hasValue", Unary.Op.HAS_VALUE, "value", Unary.Op.VALUE, "join", Unary.Op.JOIN);

    /** Thrown inside the compiler when the tree leaves the subset. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private final CelAbstractSyntaxTree ast;
    private final int maxIterations;
    private final Deque<Map.Entry<String, Integer>> scope = new ArrayDeque<>();
    private int slots;

    private FastCompiler(CelAbstractSyntaxTree ast, int maxIterations) {
        this.ast = ast;
        this.maxIterations = maxIterations;
    }

    /**
     * Compiles a checked tree.
     *
     * @param ast the tree
     * @param maxIterations the most iterations of one comprehension (CEL-Java's option; more gives up)
     * @return the program, or null when the tree is outside the subset
     */
    static FastProgram compile(CelAbstractSyntaxTree ast, int maxIterations) {
        FastCompiler compiler = new FastCompiler(ast, maxIterations);
        try {
            Node root = compiler.node(ast.getExpr());
            return new FastProgram(root, compiler.slots);
        } catch (Unsupported e) {
            return null;
        }
    }

    private Node node(CelExpr e) {
        switch (e.getKind()) {
            case CONSTANT:
                return new FastNodes.Const(constant(e.constant()));
            case IDENT:
                return ident(e);
            case SELECT:
                if (ast.getReference(e.id()).isPresent()) {
                    throw new Unsupported(); // a qualified name the checker resolved, not a field
                }
                return new Select(node(e.select().operand()), e.select().field(),
                        e.select().testOnly() ? Select.Mode.TEST : Select.Mode.VALUE);
            case CALL:
                return call(e.call());
            case LIST:
                if (!e.list().optionalIndices().isEmpty()) {
                    throw new Unsupported();
                }
                return new FastNodes.ListLiteral(nodes(e.list().elements()));
            case MAP: {
                List<CelExpr.CelMap.Entry> entries = e.map().entries();
                Node[] keys = new Node[entries.size()];
                Node[] values = new Node[entries.size()];
                for (int i = 0; i < keys.length; i++) {
                    if (entries.get(i).optionalEntry()) {
                        throw new Unsupported();
                    }
                    keys[i] = node(entries.get(i).key());
                    values[i] = node(entries.get(i).value());
                }
                return new FastNodes.MapLiteral(keys, values);
            }
            case COMPREHENSION:
                return comprehension(e.comprehension());
            default:
                throw new Unsupported();
        }
    }

    private Node[] nodes(List<CelExpr> exprs) {
        Node[] out = new Node[exprs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node(exprs.get(i));
        }
        return out;
    }

    private static Object constant(CelConstant c) {
        switch (c.getKind()) {
            case NULL_VALUE:
                return NullValue.NULL_VALUE;
            case BOOLEAN_VALUE:
                return c.booleanValue();
            case INT64_VALUE:
                return c.int64Value();
            case DOUBLE_VALUE:
                return c.doubleValue();
            case STRING_VALUE:
                return c.stringValue();
            default:
                throw new Unsupported();
        }
    }

    private Node ident(CelExpr e) {
        String name = e.ident().name();
        Optional<CelReference> ref = ast.getReference(e.id());
        if (ref.isPresent() && (ref.get().value().isPresent() || !ref.get().name().equals(name))) {
            throw new Unsupported();
        }
        for (Iterator<Map.Entry<String, Integer>> it = scope.iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> local = it.next();
            if (local.getKey().equals(name)) {
                return new FastNodes.Slot(local.getValue());
            }
        }
        int global = GLOBALS.indexOf(name);
        if (global < 0) {
            throw new Unsupported();
        }
        return new FastNodes.Global(global);
    }

    private Node call(CelExpr.CelCall call) {
        String fn = call.function();
        List<CelExpr> args = call.args();
        if (call.target().isPresent()) {
            CelExpr target = call.target().get();
            if (args.isEmpty() && RECEIVER_UNARY.containsKey(fn)) {
                return new Unary(RECEIVER_UNARY.get(fn), node(target));
            }
            if (args.size() == 1 && RECEIVER_BINARY.containsKey(fn)) {
                return new Binary(RECEIVER_BINARY.get(fn), node(target), node(args.get(0)));
            }
            if (args.size() == 1 && fn.equals("matches")) {
                return new FastNodes.Matches(node(target), pattern(args.get(0)));
            }
            if (args.size() == 1 && fn.equals("orValue")) {
                return new FastNodes.OrValue(node(target), node(args.get(0)));
            }
            throw new Unsupported();
        }
        switch (args.size()) {
            case 0:
                if (fn.equals("optional.none")) {
                    return new FastNodes.Const(Optional.empty());
                }
                break;
            case 1:
                if (UNARY.containsKey(fn)) {
                    return new Unary(UNARY.get(fn), node(args.get(0)));
                }
                break;
            case 2:
                if (fn.equals("_&&_") || fn.equals("_||_")) {
                    return new FastNodes.Logical(node(args.get(0)), node(args.get(1)), fn.equals("_&&_"));
                }
                if (fn.equals("_?._") && args.get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
                        && args.get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                    return new Select(node(args.get(0)), args.get(1).constant().stringValue(), Select.Mode.OPTIONAL);
                }
                if (BINARY.containsKey(fn)) {
                    return new Binary(BINARY.get(fn), node(args.get(0)), node(args.get(1)));
                }
                break;
            case 3:
                if (fn.equals("_?_:_")) {
                    return new FastNodes.Conditional(node(args.get(0)), node(args.get(1)), node(args.get(2)));
                }
                break;
            default:
                break;
        }
        throw new Unsupported();
    }

    /** A literal pattern, compiled as CEL-Java would compile it; anything else is left to CEL-Java. */
    private static Pattern pattern(CelExpr e) {
        if (e.getKind() != CelExpr.ExprKind.Kind.CONSTANT || e.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            throw new Unsupported();
        }
        Pattern p;
        try {
            p = Pattern.compile(e.constant().stringValue());
        } catch (RuntimeException invalid) {
            throw new Unsupported(); // CEL-Java reports it when evaluated
        }
        if (p.programSize() > CelEnv.MAX_REGEX_PROGRAM_SIZE) {
            throw new Unsupported();
        }
        return p;
    }

    private Node comprehension(CelExpr.CelComprehension c) {
        if (!c.iterVar2().isEmpty()) {
            throw new Unsupported();
        }
        Node range = node(c.iterRange());
        int iterSlot = slots++;
        Node listBuild = listBuild(c, range, iterSlot);
        if (listBuild != null) {
            return listBuild;
        }
        Node init = node(c.accuInit());
        int accuSlot = slots++;
        scope.push(Map.entry(c.accuVar(), accuSlot));
        Node result = node(c.result());
        scope.push(Map.entry(c.iterVar(), iterSlot));
        Node condition = node(c.loopCondition());
        Node step = node(c.loopStep());
        scope.pop();
        scope.pop();
        return new FastNodes.Comprehension(range, iterSlot, accuSlot, init, condition, step, result, maxIterations);
    }

    /**
     * Recognises the shape the {@code map} and {@code filter} macros expand to: {@code []} grown by
     * {@code accu + [e]}, or by {@code p ? accu + [e] : accu}, with {@code p} and {@code e} not naming the
     * accumulator, the loop condition {@code true} and the result the accumulator.
     */
    private Node listBuild(CelExpr.CelComprehension c, Node range, int iterSlot) {
        String accu = c.accuVar();
        CelExpr init = c.accuInit();
        CelExpr condition = c.loopCondition();
        if (init.getKind() != CelExpr.ExprKind.Kind.LIST || !init.list().elements().isEmpty()
                || condition.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || condition.constant().getKind() != CelConstant.Kind.BOOLEAN_VALUE
                || !condition.constant().booleanValue() || !isIdent(c.result(), accu)) {
            return null;
        }
        CelExpr step = c.loopStep();
        CelExpr predicate = null;
        if (step.getKind() == CelExpr.ExprKind.Kind.CALL && step.call().function().equals("_?_:_")
                && step.call().target().isEmpty() && step.call().args().size() == 3
                && isIdent(step.call().args().get(2), accu)) {
            predicate = step.call().args().get(0);
            step = step.call().args().get(1);
        }
        CelExpr element = appended(step, accu);
        if (element == null || mentions(element, accu) || (predicate != null && mentions(predicate, accu))) {
            return null;
        }
        scope.push(Map.entry(c.iterVar(), iterSlot));
        Node p = predicate == null ? null : node(predicate);
        Node e = node(element);
        scope.pop();
        return new FastNodes.ListBuild(range, iterSlot, p, e, maxIterations);
    }

    /** The {@code e} of {@code accu + [e]}, or null. */
    private static CelExpr appended(CelExpr step, String accu) {
        if (step.getKind() != CelExpr.ExprKind.Kind.CALL || !step.call().function().equals("_+_")
                || step.call().target().isPresent() || step.call().args().size() != 2
                || !isIdent(step.call().args().get(0), accu)) {
            return null;
        }
        CelExpr list = step.call().args().get(1);
        if (list.getKind() != CelExpr.ExprKind.Kind.LIST || list.list().elements().size() != 1
                || !list.list().optionalIndices().isEmpty()) {
            return null;
        }
        return list.list().elements().get(0);
    }

    private static boolean isIdent(CelExpr e, String name) {
        return e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals(name);
    }

    /** Whether an identifier of that name occurs anywhere in the tree (shadowing is not considered). */
    private static boolean mentions(CelExpr e, String name) {
        switch (e.getKind()) {
            case IDENT:
                return e.ident().name().equals(name);
            case SELECT:
                return mentions(e.select().operand(), name);
            case CALL:
                if (e.call().target().isPresent() && mentions(e.call().target().get(), name)) {
                    return true;
                }
                return e.call().args().stream().anyMatch(a -> mentions(a, name));
            case LIST:
                return e.list().elements().stream().anyMatch(a -> mentions(a, name));
            case MAP:
                return e.map().entries().stream().anyMatch(en -> mentions(en.key(), name)
                        || mentions(en.value(), name));
            case COMPREHENSION: {
                CelExpr.CelComprehension c = e.comprehension();
                return mentions(c.iterRange(), name) || mentions(c.accuInit(), name)
                        || mentions(c.loopCondition(), name) || mentions(c.loopStep(), name)
                        || mentions(c.result(), name);
            }
            default:
                return e.getKind() != CelExpr.ExprKind.Kind.CONSTANT;
        }
    }
}
