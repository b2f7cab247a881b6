package dev.containersec.runtime;

import static dev.containersec.runtime.Events.containerShell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.containersec.api.Alert;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.Priority;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.api.ScanLimits;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Loading: items, overrides, exceptions, expansion order, load errors, bounds on hostile input. */
class RuleLoaderTest {

    private static final RuntimeEvent BASH = Events.exec(containerShell().build());
    private static final RuntimeEvent SH = Events.exec(containerShell().comm("sh").exe("/bin/sh").build());

    private static RuleSet load(String... files) {
        return RuleEngine.builder().ruleMatching(RuleMatching.ALL).build().load(sources(files));
    }

    private static List<RuleSource> sources(String... files) {
        List<RuleSource> out = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            out.add(new RuleSource("f" + (i + 1) + ".yaml", files[i]));
        }
        return out;
    }

    private static RuleLoadReport check(String... files) {
        return RuleEngine.create().check(sources(files));
    }

    private static List<String> fired(RuleSet set, RuntimeEvent e) {
        return set.evaluate(e).stream().map(Alert::rule).toList();
    }

    private static final String SHELL_RULE = """
            - list: shell_binaries
              items: [bash, sh]
            - macro: spawned_process
              condition: evt.type = execve
            - rule: Shell
              desc: a shell ran
              condition: spawned_process and proc.name in (shell_binaries)
              output: shell %proc.name by %user.name
              priority: WARNING
              tags: [shell]
            """;

    @Test
    void basicRule_firesWithRenderedOutputAndFields() {
        RuleSet set = RuleEngine.builder().hostname("node-1").build().load(sources(SHELL_RULE));
        List<Alert> alerts = set.evaluate(BASH);
        assertThat(alerts).hasSize(1);
        Alert a = alerts.get(0);
        assertThat(a.rule()).isEqualTo("Shell");
        assertThat(a.priority()).isEqualTo(Priority.WARNING);
        assertThat(a.output()).isEqualTo("03:04:05.123456789: Warning shell bash by www-data");
        assertThat(a.outputFields()).containsEntry("proc.name", Optional.of("bash"))
                .containsEntry("user.name", Optional.of("www-data"));
        assertThat(a.tags()).containsExactly("shell");
        assertThat(a.source()).isEqualTo("syscall");
        assertThat(a.hostname()).isEqualTo("node-1");
        assertThat(a.time()).isEqualTo(Events.T);
        assertThat(set.report().rules()).containsExactly(new RuleStatus("Shell", "f1.yaml", true, Optional.empty()));
    }

    @Test
    void output_unsetFieldRendersNA_andIsEmptyInOutputFields_numbersStayNumbers() {
        RuleSet set = load("""
                - rule: R
                  desc: d
                  condition: evt.type = execve
                  output: "fd=%fd.name pid=%proc.pid aname2=%proc.aname[2] up=%toupper(proc.name)."
                  priority: NOTICE
                """);
        Alert a = set.evaluate(BASH).get(0);
        assertThat(a.output()).endsWith("Notice fd=<NA> pid=4242 aname2=containerd-shim up=BASH.");
        assertThat(a.outputFields()).containsEntry("fd.name", Optional.empty())
                .containsEntry("proc.pid", Optional.of(4242L))
                .containsEntry("toupper(proc.name)", Optional.of("BASH"));
    }

    @Test
    void exceptions_fullForm_tuplesAndListValues() {
        RuleSet set = load(SHELL_RULE.replace("  tags: [shell]\n", """
                  tags: [shell]
                  exceptions:
                    - name: nginx_bash
                      fields: [proc.name, proc.pname]
                      comps: [=, in]
                      values:
                        - [bash, [nginx, httpd]]
                """));
        assertThat(fired(set, BASH)).isEmpty();
        assertThat(fired(set, SH)).containsExactly("Shell");
    }

    @Test
    void exceptions_shortForm_andDefaultComps() {
        RuleSet set = load(SHELL_RULE + """
                - list: allowed
                  items: [sh]
                - rule: Shell2
                  desc: d
                  condition: spawned_process and proc.name in (shell_binaries)
                  output: o
                  priority: INFO
                  exceptions:
                    - name: short
                      fields: proc.name
                      values: [allowed]
                    - name: pair
                      fields: [proc.name, user.uid]
                      values: [[bash, "0"]]
                """);
        assertThat(fired(set, SH)).containsExactly("Shell");
        assertThat(fired(set, BASH)).containsExactly("Shell", "Shell2");
    }

    @Test
    void exceptions_valuesAppendedLaterByOverride() {
        RuleSet set = load(SHELL_RULE.replace("  tags: [shell]\n", """
                  tags: [shell]
                  exceptions:
                    - name: by_name
                      fields: [proc.name]
                """), """
                - rule: Shell
                  exceptions:
                    - name: by_name
                      values: [[bash]]
                  override:
                    exceptions: append
                """);
        assertThat(fired(set, BASH)).isEmpty();
        assertThat(fired(set, SH)).containsExactly("Shell");
    }

    @Test
    void override_appendAndReplace_onListsMacrosAndRules() {
        RuleSet set = load("""
                - list: shells
                  items: [bash]
                - macro: m
                  condition: evt.type = execve
                - rule: R
                  desc: d
                  condition: (m and proc.name in (shells))
                  output: first
                  priority: DEBUG
                  tags: [a]
                """, """
                - list: shells
                  items: [sh]
                  override:
                    items: append
                - macro: m
                  condition: and user.uid = 1000
                  override:
                    condition: append
                - rule: R
                  condition: and proc.pid = 4242
                  output: second
                  tags: [b]
                  priority: CRITICAL
                  override:
                    condition: append
                    output: append
                    tags: append
                    priority: replace
                """);
        List<Alert> alerts = set.evaluate(BASH);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).output()).endsWith("Critical first second");
        assertThat(alerts.get(0).tags()).containsExactly("a", "b");
        assertThat(fired(set, SH)).containsExactly("R"); // the appended list item
        assertThat(fired(set, Events.exec(containerShell().uid(0).build()))).isEmpty(); // the appended macro
    }

    @Test
    void override_replaceCondition_andEnabledReplace() {
        RuleSet set = load(SHELL_RULE, """
                - rule: Shell
                  condition: spawned_process and proc.name = sh
                  override:
                    condition: replace
                """);
        assertThat(fired(set, BASH)).isEmpty();
        assertThat(fired(set, SH)).containsExactly("Shell");

        RuleSet disabled = load(SHELL_RULE, """
                - rule: Shell
                  enabled: false
                  override:
                    enabled: replace
                """);
        assertThat(disabled.size()).isZero();
        assertThat(disabled.report().rules()).containsExactly(
                new RuleStatus("Shell", "f1.yaml", false, Optional.of("disabled")));
    }

    @Test
    void legacyAppendTrue_stillWorks_withDeprecationWarning() {
        RuleSet set = load(SHELL_RULE, """
                - list: shell_binaries
                  items: [zsh]
                  append: true
                - rule: Shell
                  condition: and user.uid = 0
                  append: true
                """);
        assertThat(fired(set, BASH)).isEmpty(); // uid 1000
        RuleSet root = load(SHELL_RULE, """
                - rule: Shell
                  condition: or proc.name = zsh
                  append: true
                """);
        assertThat(fired(root, BASH)).containsExactly("Shell");
        assertThat(set.report().warnings()).anySatisfy(p -> assertThat(p.message()).contains("deprecated"));
    }

    @Test
    void deprecatedEnabledWithoutOverride_togglesTheRule() {
        RuleSet set = load(SHELL_RULE, "- rule: Shell\n  enabled: false\n");
        assertThat(set.size()).isZero();
    }

    @Test
    void redefinition_replacesInPlace_keepingLoadOrder() {
        RuleSet set = load("""
                - rule: A
                  desc: d
                  condition: evt.type = execve
                  output: a1
                  priority: INFO
                - rule: B
                  desc: d
                  condition: evt.type = execve
                  output: b
                  priority: INFO
                """, """
                - rule: A
                  desc: d
                  condition: evt.type = execve and proc.name = bash
                  output: a2
                  priority: INFO
                """);
        assertThat(set.ruleNames()).containsExactly("A", "B");
        assertThat(set.evaluate(BASH).get(0).output()).endsWith("a2");
        assertThat(fired(set, SH)).containsExactly("B");
    }

    @Test
    void ruleMatchingFirst_returnsOnlyTheFirstMatchInLoadOrder() {
        String two = """
                - rule: A
                  desc: d
                  condition: evt.type = execve
                  output: a
                  priority: INFO
                - rule: B
                  desc: d
                  condition: evt.type = execve
                  output: b
                  priority: INFO
                """;
        assertThat(RuleEngine.create().load(sources(two)).evaluate(BASH)).extracting(Alert::rule).containsExactly("A");
        assertThat(load(two).evaluate(BASH)).extracting(Alert::rule).containsExactly("A", "B");
    }

    @Test
    void rulesMayUseLaterMacros_butMacrosOnlyEarlierMacros() {
        RuleLoadReport report = check("""
                - list: a
                  items: [bash]
                - list: b
                  items: [a, sh]
                - rule: Uses later macro
                  desc: d
                  condition: evt.type = execve and m1
                  output: o
                  priority: INFO
                - macro: m1
                  condition: proc.name in (b)
                - rule: R
                  desc: d
                  condition: evt.type = execve and m2
                  output: o
                  priority: INFO
                - macro: m2
                  condition: m1 and m3
                - macro: m3
                  condition: proc.name in (c)
                """);
        assertThat(report.errors()).extracting(RuleProblem::item).containsExactly("macro 'm2'", "rule 'R'");
        assertThat(report.errors().get(0).message()).contains("undefined macro 'm3'");
        assertThat(report.errors().get(1).message()).contains("macro 'm2' has errors");
        assertThat(report.rules()).extracting(RuleStatus::loaded).containsExactly(true, false);
    }

    @Test
    void macroUsingLaterMacro_isALoadError() {
        RuleLoadReport report = check("""
                - macro: m2
                  condition: m1
                - macro: m1
                  condition: proc.name = bash
                """);
        assertThat(report.errors()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("macro 'm2'");
            assertThat(p.message()).contains("undefined macro 'm1'");
        });
    }

    @Test
    void listNamesInsideLists_expandInOrder_quotedItemsStayLiteral() {
        RuleSet set = load("""
                - list: a
                  items: [bash]
                - list: b
                  items: [a, '"a"', sh]
                - macro: m
                  condition: proc.name in (b)
                - rule: R
                  desc: d
                  condition: evt.type = execve and m
                  output: o
                  priority: INFO
                """);
        assertThat(fired(set, BASH)).containsExactly("R");
        assertThat(fired(set, Events.exec(containerShell().comm("a").build()))).containsExactly("R");
    }

    @Test
    void unknownField_isALoadErrorNamingRuleAndField() {
        assertThatThrownBy(() -> load("""
                - rule: Bad rule
                  desc: d
                  condition: evt.type = execve and proc.nmae = bash
                  output: o
                  priority: INFO
                """)).isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("rule 'Bad rule'").hasMessageContaining("proc.nmae")
                .satisfies(e -> {
                    RuleProblem p = ((RuleLoadException) e).report().errors().get(0);
                    assertThat(p.field()).contains("proc.nmae");
                    assertThat(p.line()).isEqualTo(1);
                    assertThat(((RuleLoadException) e).report().rules()).singleElement()
                            .satisfies(s -> assertThat(s.loaded()).isFalse());
                });
    }

    @Test
    void unknownFieldInOutput_isALoadErrorToo() {
        RuleLoadReport report = check("""
                - rule: R
                  desc: d
                  condition: evt.type = execve
                  output: "%proc.bogus"
                  priority: INFO
                """);
        assertThat(report.errors()).singleElement().satisfies(p -> {
            assertThat(p.item()).isEqualTo("rule 'R'");
            assertThat(p.field()).contains("proc.bogus");
        });
    }

    @Test
    void skipIfUnknownFilter_skipsTheRuleWithAWarning() {
        RuleSet set = load(SHELL_RULE + """
                - rule: Needs k8s
                  desc: d
                  condition: evt.type = execve and k8s.ns.name = default
                  output: o
                  priority: INFO
                  skip-if-unknown-filter: true
                """);
        assertThat(set.ruleNames()).containsExactly("Shell");
        assertThat(set.report().rules()).filteredOn(s -> s.name().equals("Needs k8s")).singleElement()
                .satisfies(s -> assertThat(s.reason().orElseThrow()).contains("k8s.ns.name").contains("skip"));
    }

    @Test
    void loadErrors_collectedAcrossRules_eachNamed() {
        RuleLoadReport report = check("""
                - required_engine_version: 0.57.0
                - rule: Syntax
                  desc: d
                  condition: evt.type = execve and (proc.name = bash
                  output: o
                  priority: INFO
                - rule: Priority
                  desc: d
                  condition: evt.type = execve
                  output: o
                  priority: SEVERE
                - rule: Missing
                  desc: d
                  condition: evt.type = execve
                  priority: INFO
                - rule: Regex
                  desc: d
                  condition: proc.name regex 'b.*'
                  output: o
                  priority: INFO
                - rule: Type
                  desc: d
                  condition: proc.name < 3
                  output: o
                  priority: INFO
                - rule: NotNumber
                  desc: d
                  condition: proc.pid = abc
                  output: o
                  priority: INFO
                - rule: Undefined
                  desc: d
                  condition: nope and evt.type = execve
                  output: o
                  priority: INFO
                - rule: Override missing
                  condition: x
                  override:
                    condition: append
                """);
        assertThat(report.errors()).extracting(RuleProblem::item).containsExactly("rule 'Priority'",
                "rule 'Missing'", "rule 'Override missing'", "rule 'Syntax'", "rule 'Regex'", "rule 'Type'",
                "rule 'NotNumber'", "rule 'Undefined'");
        assertThat(report.errors().get(0).message()).contains("SEVERE");
        assertThat(report.errors().get(1).message()).contains("'output'");
        assertThat(report.errors().get(3).message()).contains("expected ')'");
        assertThat(report.errors().get(6).message()).contains("abc");
        assertThat(report.errors().get(7).message()).contains("undefined macro 'nope'");
        assertThat(report.rules()).allSatisfy(s -> assertThat(s.loaded()).isFalse());
    }

    @Test
    void nonSyscallSource_isNotLoaded_withAReason() {
        RuleSet set = load("""
                - rule: Audit
                  desc: d
                  condition: ka.verb = create
                  output: o
                  priority: INFO
                  source: k8s_audit
                """);
        assertThat(set.size()).isZero();
        assertThat(set.report().rules().get(0).reason()).contains("source 'k8s_audit' is not supported");
    }

    @Test
    void minimumPriority_dropsLowerRules() {
        RuleSet set = RuleEngine.builder().minimumPriority(Priority.ERROR).build().load(sources(SHELL_RULE));
        assertThat(set.size()).isZero();
        assertThat(set.report().rules().get(0).reason().orElseThrow()).contains("below the minimum");
    }

    @Test
    void warnings_forRulesWithoutEventType() {
        RuleLoadReport report = check("""
                - rule: R
                  desc: d
                  condition: proc.name = bash
                  output: o
                  priority: INFO
                """);
        assertThat(report.hasErrors()).isFalse();
        assertThat(report.warnings()).singleElement().satisfies(p -> assertThat(p.message()).contains("evt.type"));
    }

    @Test
    void hostileYaml_aliasesRefused() {
        String bomb = """
                - list: a
                  items: &a [x, x, x, x, x, x, x, x, x, x]
                - list: b
                  items: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                """;
        RuleLoadReport report = check(bomb);
        assertThat(report.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("alias"));
    }

    @Test
    void hostileYaml_tooDeep_or_tooLarge_isALimitError() {
        String deep = "- rule: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertThat(check(deep).errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nesting depth"));
        ScanLimits tiny = ScanLimits.builder().maxDocumentBytes(100).build();
        assertThatThrownBy(() -> RuleEngine.builder().limits(tiny).build().load(sources(SHELL_RULE)))
                .isInstanceOf(RuleLoadException.class).hasMessageContaining("document size");
        assertThat(new LimitExceededException("x", ScanLimits.Limit.DOCUMENT_BYTES, 1, 2)).isNotNull();
    }

    @Test
    void notYaml_orNotASequence_isAnError() {
        assertThat(check("rule: x\n").errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("sequence"));
        assertThat(check("- [unclosed\n").errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("YAML"));
        assertThat(check("").hasErrors()).isFalse();
    }

    @Test
    void macroBomb_isBounded_notExponential() {
        StringBuilder yaml = new StringBuilder("- macro: m0\n  condition: proc.name = x\n");
        for (int i = 1; i <= 40; i++) {
            yaml.append("- macro: m").append(i).append("\n  condition: (m").append(i - 1).append(" or m")
                    .append(i - 1).append(")\n");
        }
        yaml.append("""
                - rule: Bomb
                  desc: d
                  condition: evt.type = execve and m40
                  output: o
                  priority: INFO
                """);
        RuleLoadReport report = check(yaml.toString());
        assertThat(report.errors()).isNotEmpty();
        assertThat(report.errors()).anySatisfy(p -> assertThat(p.message()).contains("limit"));
    }

    @Test
    void listBomb_isBounded() {
        StringBuilder yaml = new StringBuilder("- list: l0\n  items: [a, b, c, d, e, f, g, h, i, j]\n");
        for (int i = 1; i <= 8; i++) {
            String prev = "l" + (i - 1);
            yaml.append("- list: l").append(i).append("\n  items: [").append(String.join(", ",
                    java.util.Collections.nCopies(10, prev))).append("]\n");
        }
        RuleLoadReport report = check(yaml.toString());
        assertThat(report.errors()).anySatisfy(p -> assertThat(p.message()).contains("items"));
    }

    @Test
    void deepConditionNesting_isATypedError_notStackOverflow() {
        String cond = "(".repeat(5000) + "proc.name = bash" + ")".repeat(5000);
        RuleLoadReport report = check("- macro: deep\n  condition: '" + cond + "'\n");
        assertThat(report.errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nested deeper than 100"));
        String nots = "not ".repeat(5000) + "proc.name = bash";
        assertThat(check("- macro: nots\n  condition: '" + nots + "'\n").errors()).hasSize(1);
    }

    @Test
    void longMacroChain_isBoundedByExpandedDepth() {
        StringBuilder yaml = new StringBuilder("- macro: m0\n  condition: proc.name = x\n");
        for (int i = 1; i <= 600; i++) {
            yaml.append("- macro: m").append(i).append("\n  condition: not m").append(i - 1).append("\n");
        }
        RuleLoadReport report = check(yaml.toString());
        assertThat(report.errors()).anySatisfy(p -> assertThat(p.message()).contains("depth"));
    }

    @Test
    void unindexedEvaluation_givesTheSameAlerts() {
        ProcessContext p = containerShell().build();
        List<RuntimeEvent> events = List.of(BASH, SH, Events.open(p, "/etc/passwd", FileOpenEvent.O_WRONLY),
                Events.connect(p, "8.8.8.8", 53), Events.setuid(p, 0));
        RuleSet indexed = load(SHELL_RULE);
        RuleSet naive = RuleEngine.builder().ruleMatching(RuleMatching.ALL).withoutEventTypeIndex().build()
                .load(sources(SHELL_RULE));
        for (RuntimeEvent e : events) {
            assertThat(naive.evaluate(e)).isEqualTo(indexed.evaluate(e));
        }
    }
}
