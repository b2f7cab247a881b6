package dev.containersec.runtime.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.containersec.runtime.internal.rules.Ast.Transform;
import dev.containersec.runtime.internal.rules.Ast.Value;
import dev.containersec.runtime.internal.rules.Ast.ValueList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The condition parser: documented exceptions only, and parse(print(ast)) == ast. */
class ConditionParserPropertiesTest {

    @Property(tries = 2000)
    void arbitraryText_parsesOrFailsWithSyntaxException(@ForAll @StringLength(max = 200) String text) {
        try {
            ConditionParser.parse(text);
        } catch (ConditionSyntaxException expected) {
            assertThat(expected.position()).isBetween(0, text.length());
        }
    }

    @Property(tries = 2000)
    void conditionLikeText_parsesOrFailsWithSyntaxException(@ForAll("conditionish") String text) {
        try {
            Node node = ConditionParser.parse(text);
            // Whatever parses, prints to text that parses to the same tree.
            assertThat(ConditionParser.parse(ConditionPrinter.print(node))).isEqualTo(node);
        } catch (ConditionSyntaxException expected) {
            // documented
        }
    }

    @Property(tries = 1000)
    void printThenParse_roundTrips(@ForAll("nodes") Node node) {
        String text = ConditionPrinter.print(node);
        assertThat(ConditionParser.parse(text)).as(text).isEqualTo(node);
    }

    @Test
    void examples_parseToTheExpectedTrees() {
        Node n = ConditionParser.parse("evt.type in (open,openat) and not proc.name = \"my app\" or m");
        assertThat(n).isEqualTo(new Or(List.of(
                new And(List.of(
                        new Check(new FieldRef("evt.type", ""), "in",
                                new ValueList(List.of(new Value("open", false), new Value("openat", false)))),
                        new Not(new Check(new FieldRef("proc.name", ""), "=", new Value("my app", true))))),
                new MacroRef("m"))));
        assertThat(ConditionParser.parse("proc.aname[2]=bash")).isEqualTo(
                new Check(new FieldRef("proc.aname", "2"), "=", new Value("bash", false)));
        assertThat(ConditionParser.parse("tolower(proc.name) in shells")).isEqualTo(
                new Check(new Transform("tolower", new FieldRef("proc.name", "")), "in", new ListRef("shells")));
        assertThat(ConditionParser.parse("not(fd.name exists)")).isEqualTo(
                new Not(new Check(new FieldRef("fd.name", ""), "exists", new NoValue())));
        assertThat(ConditionParser.parse("proc.pid != val(proc.ppid)")).isEqualTo(
                new Check(new FieldRef("proc.pid", ""), "!=", new FieldValue(new FieldRef("proc.ppid", ""))));
    }

    @Test
    void errors_areTypedWithPositions() {
        assertThatThrownBy(() -> ConditionParser.parse("proc.name =")).isInstanceOf(ConditionSyntaxException.class);
        assertThatThrownBy(() -> ConditionParser.parse("proc.name bash")).isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("operator");
        assertThatThrownBy(() -> ConditionParser.parse("a and")).isInstanceOf(ConditionSyntaxException.class);
        assertThatThrownBy(() -> ConditionParser.parse("proc.name = 'x")).isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> ConditionParser.parse("(".repeat(100_000)))
                .isInstanceOf(ConditionSyntaxException.class).hasMessageContaining("deeper than 100");
        assertThatThrownBy(() -> ConditionParser.parse("tolower(".repeat(1000) + "proc.name" + ")".repeat(1000)
                + " = x")).isInstanceOf(ConditionSyntaxException.class);
    }

    @Provide
    Arbitrary<String> conditionish() {
        Arbitrary<String> tokens = Arbitraries.of("proc.name", "fd.name", "and", "or", "not", "(", ")", "=", "!=",
                "<", "in", "contains", "exists", "pmatch", "'x y'", "\"q\\\"\"", "bash", ",", "val(", "tolower(",
                "proc.aname[2]", "m", "[", "]", " ", "  ", "\t", "0x1F", "-1", "/etc/*");
        return tokens.list().ofMaxSize(25).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<Node> nodes() {
        return node(4);
    }

    private Arbitrary<Node> node(int depth) {
        Arbitrary<Node> leaf = Arbitraries.oneOf(check(), macro());
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Node> sub = Arbitraries.lazy(() -> node(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(2).ofMaxSize(3).map(Or::new)),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(2).ofMaxSize(3).map(And::new)),
                net.jqwik.api.Tuple.of(1, sub.map(Not::new)));
    }

    private Arbitrary<Node> macro() {
        return ident().filter(s -> !List.of("and", "or", "not").contains(s)).map(MacroRef::new);
    }

    private Arbitrary<String> ident() {
        return Arbitraries.strings().withChars("abcxyz_").ofMinLength(1).ofMaxLength(6)
                .filter(s -> !List.of("and", "or", "not").contains(s));
    }

    private Arbitrary<Lhs> field() {
        Arbitrary<FieldRef> plain = Combinators.combine(ident(), ident(),
                Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().alpha().numeric().ofMinLength(1)
                        .ofMaxLength(3), Arbitraries.strings().ofMinLength(1).ofMaxLength(4)))
                .as((a, b, arg) -> new FieldRef(a + "." + b, arg));
        Arbitrary<Lhs> transformed = Combinators.combine(
                Arbitraries.of("tolower", "toupper", "b64", "basename", "len"), plain)
                .as(Transform::new);
        return Arbitraries.oneOf(plain.map(f -> (Lhs) f), transformed);
    }

    private Arbitrary<Value> value() {
        Arbitrary<Value> bare = Arbitraries.strings().withChars("abc/.*-_:0123456789!<>[]")
                .ofMinLength(1).ofMaxLength(8).map(s -> new Value(s, false));
        Arbitrary<Value> quoted = Arbitraries.strings().ofMaxLength(8).map(s -> new Value(s, true));
        return Arbitraries.oneOf(bare, quoted);
    }

    private Arbitrary<Node> check() {
        Arbitrary<Node> scalar = Combinators.combine(field(),
                Arbitraries.of("=", "==", "!=", "<", "<=", ">", ">=", "contains", "icontains", "startswith",
                        "endswith", "glob", "bcontains"), value())
                .as((f, op, v) -> new Check(f, op, v));
        Arbitrary<Node> list = Combinators.combine(field(), Arbitraries.of("in", "intersects", "pmatch"),
                value().list().ofMaxSize(4))
                .as((f, op, vs) -> new Check(f, op, new ValueList(vs)));
        Arbitrary<Node> listRef = Combinators.combine(field(), Arbitraries.of("in", "pmatch"), ident())
                .as((f, op, n) -> new Check(f, op, new ListRef(n)));
        Arbitrary<Node> exists = field().map(f -> new Check(f, "exists", new NoValue()));
        Arbitrary<Node> fieldRhs = Combinators.combine(field(), Arbitraries.of("=", "!=", "<"), field())
                .as((a, op, b) -> new Check(a, op, new FieldValue(b)));
        return Arbitraries.oneOf(scalar, list, listRef, exists, fieldRhs);
    }
}
