package dev.containersec.runtime.internal.rules;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.Priority;
import dev.containersec.api.ScanLimits;
import dev.containersec.runtime.RuleLoadReport;
import dev.containersec.runtime.RuleProblem;
import dev.containersec.runtime.RuleSource;
import dev.containersec.runtime.RuleStatus;
import dev.containersec.runtime.internal.rules.Ast.And;
import dev.containersec.runtime.internal.rules.Ast.Check;
import dev.containersec.runtime.internal.rules.Ast.FieldRef;
import dev.containersec.runtime.internal.rules.Ast.Node;
import dev.containersec.runtime.internal.rules.Ast.Not;
import dev.containersec.runtime.internal.rules.Ast.Or;
import dev.containersec.runtime.internal.rules.Ast.Rhs;
import dev.containersec.runtime.internal.rules.Ast.Value;
import dev.containersec.runtime.internal.rules.Ast.ValueList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads Falco rules files as Falco does: files in order, items in order; lists, macros and rules by
 * name, later definitions replacing earlier ones in place; {@code override} (append/replace) and the
 * deprecated {@code append: true}; then lists flattened (a list may use earlier lists), macros expanded
 * (a macro may use earlier macros and any list), and each rule compiled with its exceptions.
 */
public final class RuleLoader {

    /** Most items one list may flatten to. */
    static final int MAX_LIST_ITEMS = 100_000;
    /** Most expanded nodes of all rules together. */
    static final long MAX_TOTAL_NODES = 2_000_000;

    private static final Set<String> LIST_KEYS = Set.of("list", "items", "append", "override");
    private static final Set<String> MACRO_KEYS = Set.of("macro", "condition", "append", "override");
    private static final Set<String> RULE_KEYS = Set.of("rule", "condition", "output", "desc", "priority",
            "exceptions", "enabled", "tags", "source", "warn_evttypes", "skip-if-unknown-filter", "append",
            "override", "required_engine_version", "capture", "capture_duration");
    private static final Set<String> RULE_APPEND = Set.of("condition", "output", "desc", "tags", "exceptions");
    private static final Set<String> RULE_REPLACE = Set.of("condition", "output", "desc", "tags", "exceptions",
            "priority", "enabled", "warn_evttypes", "skip-if-unknown-filter");
    private static final Set<String> COMPS;

    static {
        Set<String> comps = new HashSet<>(ConditionParser.SYMBOL_OPS);
        comps.addAll(ConditionParser.WORD_OPS);
        comps.addAll(ConditionParser.LIST_OPS);
        comps.remove("exists");
        COMPS = Set.copyOf(comps);
    }

    /** The result of a load. */
    public record Result(CompiledRules rules, RuleLoadReport report) {
    }

    /** Raised while reading one item; becomes an error problem. */
    private static final class ItemError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ItemError(String message) {
            super(message, null, false, false);
        }
    }

    private static final class ListDef {
        final String name;
        List<String> items;
        String file;
        int line;

        ListDef(String name, List<String> items, String file, int line) {
            this.name = name;
            this.items = items;
            this.file = file;
            this.line = line;
        }
    }

    private static final class MacroDef {
        final String name;
        String condition;
        String file;
        int line;

        MacroDef(String name, String condition, String file, int line) {
            this.name = name;
            this.condition = condition;
            this.file = file;
            this.line = line;
        }
    }

    private static final class ExceptionDef {
        String name;
        Object fields;
        Object comps;
        List<Object> values = new ArrayList<>();
    }

    private static final class RuleDef {
        final String name;
        String condition;
        String output;
        String desc;
        Priority priority;
        List<String> tags = new ArrayList<>();
        boolean enabled = true;
        String source = "syscall";
        List<ExceptionDef> exceptions = new ArrayList<>();
        boolean skipIfUnknown;
        boolean warnEvttypes = true;
        String file;
        int line;
        String error;

        RuleDef(String name) {
            this.name = name;
        }
    }

    private final ScanLimits limits;
    private final Priority minimumPriority;
    private final List<RuleProblem> problems = new ArrayList<>();
    private final Map<String, ListDef> lists = new LinkedHashMap<>();
    private final Map<String, MacroDef> macros = new LinkedHashMap<>();
    private final Map<String, RuleDef> rules = new LinkedHashMap<>();
    private int memoSlots;

    private RuleLoader(ScanLimits limits, Priority minimumPriority) {
        this.limits = limits;
        this.minimumPriority = minimumPriority;
    }

    /**
     * Loads rules files.
     *
     * @param sources the files, in load order
     * @param limits the bounds on each file
     * @param minimumPriority rules below this priority are not loaded (Falco's {@code priority} setting)
     * @param indexed whether to index rules by event type (false only to measure the index)
     * @param firstOnly whether only the first matching rule raises an alert
     * @param hostname the host name alerts carry
     * @return the rules and the report; the report may hold errors
     */
    public static Result load(List<RuleSource> sources, ScanLimits limits, Priority minimumPriority, boolean indexed,
                              boolean firstOnly, String hostname) {
        RuleLoader loader = new RuleLoader(limits, minimumPriority);
        for (RuleSource source : sources) {
            loader.readSource(source);
        }
        List<RuleStatus> statuses = new ArrayList<>();
        List<CompiledRule> compiled = loader.resolve(statuses);
        return new Result(new CompiledRules(compiled, indexed, firstOnly, hostname, loader.memoSlots),
                new RuleLoadReport(statuses, loader.problems));
    }

    private void error(String file, int line, String item, String field, String message) {
        problems.add(new RuleProblem(RuleProblem.Level.ERROR, file, line, item, Optional.ofNullable(field), message));
    }

    private void warn(String file, int line, String item, String message) {
        problems.add(new RuleProblem(RuleProblem.Level.WARNING, file, line, item, Optional.empty(), message));
    }

    // ---------------------------------------------------------------------------------------------
    // Reading items

    private void readSource(RuleSource source) {
        List<YamlReader.Item> items;
        try {
            items = YamlReader.readItems(source.name(), source.content(), limits);
        } catch (InvalidInputException e) {
            String prefix = source.name() + ": ";
            String msg = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            error(source.name(), 0, "", null, msg);
            return;
        }
        for (YamlReader.Item item : items) {
            readItem(source.name(), item);
        }
    }

    private void readItem(String file, YamlReader.Item item) {
        if (!(item.value() instanceof Map<?, ?> raw)) {
            error(file, item.line(), "", null, "each item must be a mapping (- rule:, - macro:, - list:)");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("rule", "macro", "list", "required_engine_version", "required_plugin_versions")) {
            if (m.containsKey(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            error(file, item.line(), "", null, kinds.isEmpty()
                    ? "unknown item with keys " + m.keySet() + "; expected rule, macro, list or required_engine_version"
                    : "item has more than one of " + kinds);
            return;
        }
        String kind = kinds.get(0);
        String label = kind;
        try {
            switch (kind) {
                case "required_engine_version":
                    if (!(m.get(kind) instanceof String)) {
                        throw new ItemError("'required_engine_version' must be a version string");
                    }
                    return;
                case "required_plugin_versions":
                    warn(file, item.line(), "", "required_plugin_versions ignored: plugins are not supported");
                    return;
                case "list": {
                    String name = name(m, kind);
                    label = "list '" + name + "'";
                    readList(file, item.line(), label, name, m);
                    return;
                }
                case "macro": {
                    String name = name(m, kind);
                    label = "macro '" + name + "'";
                    readMacro(file, item.line(), label, name, m);
                    return;
                }
                default: {
                    String name = name(m, kind);
                    label = "rule '" + name + "'";
                    readRule(file, item.line(), label, name, m);
                }
            }
        } catch (ItemError e) {
            error(file, item.line(), kind.equals("list") || kind.equals("macro") || kind.equals("rule") ? label : "",
                    null, e.getMessage());
            if (kind.equals("rule") && m.get("rule") instanceof String name && !name.isBlank()) {
                RuleDef def = rules.computeIfAbsent(name, RuleDef::new);
                def.error = e.getMessage();
                def.file = file;
                def.line = item.line();
            }
        }
    }

    private void readList(String file, int line, String label, String name, Map<String, Object> m) {
        unknownKeys(file, line, label, m, LIST_KEYS);
        Map<String, String> override = override(m, Set.of("items"), Set.of("items"));
        boolean append = flag(m, "append", false);
        List<String> items = strings(m.get("items"), "items");
        ListDef existing = lists.get(name);
        if (override != null || append) {
            if (override != null && append) {
                throw new ItemError("'append' and 'override' cannot be used together");
            }
            if (existing == null) {
                throw new ItemError("no earlier definition of list '" + name + "' to " + (append ? "append to" : "override"));
            }
            if (append) {
                warn(file, line, label, "'append: true' is deprecated; use 'override: {items: append}'");
            }
            if (append || "append".equals(override.get("items"))) {
                List<String> merged = new ArrayList<>(existing.items);
                merged.addAll(items);
                existing.items = merged;
            } else {
                existing.items = items;
            }
            return;
        }
        if (!m.containsKey("items")) {
            throw new ItemError("missing key 'items'");
        }
        if (existing != null) {
            existing.items = items;
            existing.file = file;
            existing.line = line;
        } else {
            lists.put(name, new ListDef(name, items, file, line));
        }
    }

    private void readMacro(String file, int line, String label, String name, Map<String, Object> m) {
        unknownKeys(file, line, label, m, MACRO_KEYS);
        Map<String, String> override = override(m, Set.of("condition"), Set.of("condition"));
        boolean append = flag(m, "append", false);
        String condition = string(m, "condition", true);
        MacroDef existing = macros.get(name);
        if (override != null || append) {
            if (override != null && append) {
                throw new ItemError("'append' and 'override' cannot be used together");
            }
            if (existing == null) {
                throw new ItemError("no earlier definition of macro '" + name + "' to "
                        + (append ? "append to" : "override"));
            }
            if (append) {
                warn(file, line, label, "'append: true' is deprecated; use 'override: {condition: append}'");
            }
            existing.condition = append || "append".equals(override.get("condition"))
                    ? existing.condition + " " + condition : condition;
            return;
        }
        if (existing != null) {
            existing.condition = condition;
            existing.file = file;
            existing.line = line;
        } else {
            macros.put(name, new MacroDef(name, condition, file, line));
        }
    }

    private void readRule(String file, int line, String label, String name, Map<String, Object> m) {
        unknownKeys(file, line, label, m, RULE_KEYS);
        Map<String, String> override = override(m, RULE_APPEND, RULE_REPLACE);
        boolean append = flag(m, "append", false);
        RuleDef existing = rules.get(name);
        if (existing != null && existing.error != null && (override != null || append)) {
            throw new ItemError("cannot override a rule that has errors");
        }
        if (override != null) {
            if (append) {
                throw new ItemError("'append' and 'override' cannot be used together");
            }
            if (existing == null) {
                throw new ItemError("no earlier definition of rule '" + name + "' to override");
            }
            for (String key : m.keySet()) {
                if (!key.equals("rule") && !key.equals("override") && !override.containsKey(key)) {
                    throw new ItemError("key '" + key + "' is not listed in 'override'");
                }
            }
            for (Map.Entry<String, String> e : override.entrySet()) {
                applyRuleKey(existing, m, e.getKey(), e.getValue().equals("append"));
            }
            return;
        }
        if (append) {
            if (existing == null) {
                throw new ItemError("no earlier definition of rule '" + name + "' to append to");
            }
            warn(file, line, label, "'append: true' is deprecated; use 'override' with 'append'");
            for (String key : m.keySet()) {
                if (key.equals("rule") || key.equals("append")) {
                    continue;
                }
                if (!RULE_APPEND.contains(key)) {
                    throw new ItemError("key '" + key + "' cannot be appended");
                }
                applyRuleKey(existing, m, key, true);
            }
            return;
        }
        if (existing != null && m.keySet().equals(Set.of("rule", "enabled"))) {
            warn(file, line, label, "'enabled' without 'override' is deprecated; use 'override: {enabled: replace}'");
            existing.enabled = flag(m, "enabled", true);
            return;
        }
        RuleDef def = new RuleDef(name);
        for (String required : List.of("condition", "output", "desc", "priority")) {
            if (!m.containsKey(required)) {
                throw new ItemError("missing key '" + required + "'");
            }
        }
        def.condition = string(m, "condition", true);
        def.output = string(m, "output", false);
        def.desc = string(m, "desc", false);
        def.priority = priority(m);
        def.tags = m.containsKey("tags") ? strings(m.get("tags"), "tags") : new ArrayList<>();
        def.enabled = flag(m, "enabled", true);
        def.source = m.containsKey("source") ? string(m, "source", true) : "syscall";
        def.exceptions = exceptions(m.get("exceptions"));
        def.skipIfUnknown = flag(m, "skip-if-unknown-filter", false);
        def.warnEvttypes = flag(m, "warn_evttypes", true);
        def.file = file;
        def.line = line;
        // A later definition replaces an earlier one; LinkedHashMap keeps the earlier position.
        rules.put(name, def);
    }

    private void applyRuleKey(RuleDef def, Map<String, Object> m, String key, boolean append) {
        switch (key) {
            case "condition":
                def.condition = append ? def.condition + " " + string(m, key, true) : string(m, key, true);
                break;
            case "output":
                def.output = append ? def.output + " " + string(m, key, false) : string(m, key, false);
                break;
            case "desc":
                def.desc = append ? def.desc + " " + string(m, key, false) : string(m, key, false);
                break;
            case "tags": {
                List<String> tags = strings(m.get(key), key);
                if (append) {
                    for (String t : tags) {
                        if (!def.tags.contains(t)) {
                            def.tags.add(t);
                        }
                    }
                } else {
                    def.tags = tags;
                }
                break;
            }
            case "exceptions": {
                List<ExceptionDef> more = exceptions(m.get(key));
                if (!append) {
                    def.exceptions = more;
                    break;
                }
                for (ExceptionDef e : more) {
                    ExceptionDef same = def.exceptions.stream().filter(x -> x.name.equals(e.name)).findFirst()
                            .orElse(null);
                    if (same == null) {
                        def.exceptions.add(e);
                    } else {
                        same.values.addAll(e.values);
                    }
                }
                break;
            }
            case "priority":
                def.priority = priority(m);
                break;
            case "enabled":
                def.enabled = flag(m, key, true);
                break;
            case "warn_evttypes":
                def.warnEvttypes = flag(m, key, true);
                break;
            case "skip-if-unknown-filter":
                def.skipIfUnknown = flag(m, key, false);
                break;
            default:
                throw new ItemError("key '" + key + "' cannot be overridden");
        }
    }

    private List<ExceptionDef> exceptions(Object raw) {
        List<ExceptionDef> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof List<?> list)) {
            throw new ItemError("'exceptions' must be a list");
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> em)) {
                throw new ItemError("each exception must be a mapping with name, fields, comps, values");
            }
            ExceptionDef e = new ExceptionDef();
            if (!(em.get("name") instanceof String n) || n.isBlank()) {
                throw new ItemError("an exception has no 'name'");
            }
            e.name = n;
            for (Object k : em.keySet()) {
                if (!Set.of("name", "fields", "comps", "values").contains(k)) {
                    throw new ItemError("exception '" + n + "': unknown key '" + k + "'");
                }
            }
            e.fields = em.get("fields");
            e.comps = em.get("comps");
            Object values = em.get("values");
            if (values != null) {
                if (!(values instanceof List<?> vl)) {
                    throw new ItemError("exception '" + n + "': 'values' must be a list");
                }
                e.values.addAll(vl);
            }
            out.add(e);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Resolving and compiling

    private List<CompiledRule> resolve(List<RuleStatus> statuses) {
        Map<String, List<Value>> resolvedLists = new HashMap<>();
        for (ListDef def : lists.values()) {
            List<Value> items = new ArrayList<>();
            for (String raw : def.items) {
                items.add(listItem(raw));
            }
            try {
                List<Value> flat = Expander.expandItems(items, resolvedLists);
                if (flat.size() > MAX_LIST_ITEMS) {
                    throw new RuleCompileException("list has " + flat.size() + " items, more than the limit of "
                            + MAX_LIST_ITEMS);
                }
                resolvedLists.put(def.name, List.copyOf(flat));
            } catch (RuleCompileException e) {
                error(def.file, def.line, "list '" + def.name + "'", null, e.getMessage());
                resolvedLists.put(def.name, List.of());
            }
        }
        Map<String, Expander.Expanded> resolvedMacros = new HashMap<>();
        Set<String> broken = new HashSet<>();
        for (MacroDef def : macros.values()) {
            String label = "macro '" + def.name + "'";
            try {
                Node ast = ConditionParser.parse(def.condition);
                resolvedMacros.put(def.name, expander(resolvedMacros, resolvedLists, broken).expand(ast));
            } catch (ConditionSyntaxException e) {
                broken.add(def.name);
                error(def.file, def.line, label, null, "condition: " + stripSubject(e));
            } catch (RuleCompileException e) {
                broken.add(def.name);
                error(def.file, def.line, label, e.field().orElse(null), e.getMessage()
                        + (e.getMessage().startsWith("undefined macro") ? " (a macro may only use macros defined before it)"
                        : ""));
            }
        }
        Expander expander = expander(resolvedMacros, resolvedLists, broken);
        java.util.IdentityHashMap<Node, Integer> slots = new java.util.IdentityHashMap<>();
        for (Expander.Expanded m : resolvedMacros.values()) {
            slots.putIfAbsent(m.node(), slots.size());
        }
        memoSlots = slots.size();
        Compiler compiler = new Compiler(slots);
        List<CompiledRule> out = new ArrayList<>();
        long totalNodes = 0;
        for (RuleDef def : rules.values()) {
            String label = "rule '" + def.name + "'";
            if (def.error != null) {
                statuses.add(notLoaded(def, "error: " + def.error));
                continue;
            }
            if (!def.source.equals("syscall")) {
                warn(def.file, def.line, label, "source '" + def.source + "' is not supported; rule not loaded");
                statuses.add(notLoaded(def, "source '" + def.source + "' is not supported"));
                continue;
            }
            try {
                Expander.Expanded cond = expander.expand(ConditionParser.parse(def.condition));
                Node full = cond.node();
                long size = cond.size();
                List<Node> clauses = new ArrayList<>();
                clauses.add(full);
                for (ExceptionDef e : def.exceptions) {
                    Node x = exceptionNode(e);
                    if (x != null) {
                        Expander.Expanded ex = expander.expand(x);
                        size += ex.size();
                        clauses.add(new Not(ex.node()));
                    }
                }
                if (clauses.size() > 1) {
                    full = new And(clauses);
                }
                totalNodes += size;
                if (size > Expander.MAX_NODES || totalNodes > MAX_TOTAL_NODES) {
                    throw new RuleCompileException("rules expand to more than " + MAX_TOTAL_NODES
                            + " nodes in all (macro or list expansion too large)");
                }
                Pred pred = compiler.compile(full);
                OutputFormat output;
                try {
                    output = OutputFormat.compile(def.output);
                } catch (RuleCompileException e) {
                    throw new RuleCompileException("output: " + e.getMessage(), e.field().orElse(null),
                            e.isUnknownField());
                }
                Set<String> types = EventTypes.of(full);
                if (types == null && def.warnEvttypes) {
                    warn(def.file, def.line, label, "condition does not restrict evt.type; the rule runs for every event");
                } else if (types != null && types.stream().noneMatch(EventTypes.ALL_TYPES::contains)) {
                    warn(def.file, def.line, label, "condition only matches event types containersec does not produce: "
                            + new java.util.TreeSet<>(types));
                }
                if (!def.enabled) {
                    statuses.add(notLoaded(def, "disabled"));
                } else if (!def.priority.isAtLeast(minimumPriority)) {
                    statuses.add(notLoaded(def, "priority " + def.priority.falcoName() + " is below the minimum "
                            + minimumPriority.falcoName()));
                } else {
                    out.add(new CompiledRule(def.name, def.priority, List.copyOf(def.tags), pred, output,
                            types == null ? null : Set.copyOf(types), def.condition));
                    statuses.add(new RuleStatus(def.name, def.file, true, Optional.empty()));
                }
            } catch (ConditionSyntaxException e) {
                error(def.file, def.line, label, null, "condition: " + stripSubject(e));
                statuses.add(notLoaded(def, "error: condition: " + stripSubject(e)));
            } catch (RuleCompileException e) {
                if (e.isUnknownField() && def.skipIfUnknown) {
                    warn(def.file, def.line, label, e.getMessage() + "; skipped (skip-if-unknown-filter)");
                    statuses.add(notLoaded(def, "skipped: " + e.getMessage() + " (skip-if-unknown-filter)"));
                } else {
                    error(def.file, def.line, label, e.field().orElse(null), e.getMessage());
                    statuses.add(notLoaded(def, "error: " + e.getMessage()));
                }
            }
        }
        return out;
    }

    private static Expander expander(Map<String, Expander.Expanded> macros, Map<String, List<Value>> lists,
                                     Set<String> broken) {
        return new Expander(macros, lists, broken);
    }

    private static RuleStatus notLoaded(RuleDef def, String reason) {
        return new RuleStatus(def.name, def.file == null ? "" : def.file, false, Optional.of(reason));
    }

    private static String stripSubject(InvalidInputException e) {
        String prefix = e.subject() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    /** A list item as written: quotes around the whole item make it a literal. */
    private static Value listItem(String raw) {
        if (raw.length() >= 2 && ((raw.startsWith("\"") && raw.endsWith("\""))
                || (raw.startsWith("'") && raw.endsWith("'")))) {
            return new Value(raw.substring(1, raw.length() - 1), true);
        }
        return new Value(raw, false);
    }

    /** Builds {@code (f1 c1 v1 and f2 c2 v2) or ...} for one exception, or null when it has no values. */
    private static Node exceptionNode(ExceptionDef e) {
        if (e.values.isEmpty()) {
            return null;
        }
        String where = "exception '" + e.name + "': ";
        if (e.fields instanceof String field) {
            String comp = e.comps == null ? "in" : e.comps instanceof String c ? c : null;
            if (comp == null || !ConditionParser.LIST_OPS.contains(comp)) {
                throw new RuleCompileException(where + "with a single field, 'comps' must be one of in, pmatch, intersects");
            }
            List<Value> items = new ArrayList<>();
            for (Object v : e.values) {
                items.add(new Value(scalar(v, "values"), false));
            }
            return new Check(fieldRef(field), comp, new ValueList(items));
        }
        if (!(e.fields instanceof List<?> fl) || fl.isEmpty()) {
            throw new RuleCompileException(where + "'fields' must be a field name or a non-empty list of them");
        }
        List<String> fields = new ArrayList<>();
        for (Object f : fl) {
            fields.add(scalar(f, "fields"));
        }
        List<String> comps = new ArrayList<>();
        if (e.comps == null) {
            fields.forEach(f -> comps.add("="));
        } else if (e.comps instanceof List<?> cl) {
            for (Object c : cl) {
                comps.add(scalar(c, "comps"));
            }
        } else {
            throw new RuleCompileException(where + "'comps' must be a list as long as 'fields'");
        }
        if (comps.size() != fields.size()) {
            throw new RuleCompileException(where + "'comps' has " + comps.size() + " entries but 'fields' has "
                    + fields.size());
        }
        for (String c : comps) {
            if (!COMPS.contains(c)) {
                throw new RuleCompileException(where + "unknown comparison operator '" + c + "'");
            }
        }
        List<Node> tuples = new ArrayList<>();
        for (Object t : e.values) {
            if (!(t instanceof List<?> tuple) || tuple.size() != fields.size()) {
                throw new RuleCompileException(where + "each value must be a list of " + fields.size()
                        + " element(s), one per field; found " + t);
            }
            List<Node> checks = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                String comp = comps.get(i);
                Object element = tuple.get(i);
                Rhs rhs;
                if (ConditionParser.LIST_OPS.contains(comp)) {
                    List<Value> items = new ArrayList<>();
                    if (element instanceof List<?> el) {
                        for (Object x : el) {
                            items.add(new Value(scalar(x, "values"), false));
                        }
                    } else {
                        items.add(new Value(scalar(element, "values"), false));
                    }
                    rhs = new ValueList(items);
                } else {
                    rhs = new Value(scalar(element, "values"), true);
                }
                checks.add(new Check(fieldRef(fields.get(i)), comp, rhs));
            }
            tuples.add(checks.size() == 1 ? checks.get(0) : new And(checks));
        }
        return tuples.size() == 1 ? tuples.get(0) : new Or(tuples);
    }

    private static FieldRef fieldRef(String text) {
        int bracket = text.indexOf('[');
        if (bracket > 0 && text.endsWith("]")) {
            return new FieldRef(text.substring(0, bracket), text.substring(bracket + 1, text.length() - 1));
        }
        return new FieldRef(text.trim(), "");
    }

    // ---------------------------------------------------------------------------------------------
    // Typed access to YAML values

    private static String name(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ItemError("'" + key + "' must be a non-empty name");
        }
        return s;
    }

    private static String string(Map<String, Object> m, String key, boolean nonBlank) {
        Object v = m.get(key);
        if (v == null && !m.containsKey(key)) {
            throw new ItemError("missing key '" + key + "'");
        }
        if (!(v instanceof String s)) {
            throw new ItemError("'" + key + "' must be a string");
        }
        if (nonBlank && s.isBlank()) {
            throw new ItemError("'" + key + "' must not be empty");
        }
        return s;
    }

    private static String scalar(Object v, String what) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        throw new RuleCompileException("'" + what + "' must hold strings, found " + (v == null ? "null" : v));
    }

    private static List<String> strings(Object v, String key) {
        if (v == null) {
            return new ArrayList<>();
        }
        if (!(v instanceof List<?> list)) {
            throw new ItemError("'" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof String s) {
                out.add(s);
            } else if (o instanceof Boolean b) {
                out.add(b.toString());
            } else {
                throw new ItemError("'" + key + "' must be a list of strings, found " + o);
            }
        }
        return out;
    }

    private static boolean flag(Map<String, Object> m, String key, boolean dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.toLowerCase(Locale.ROOT));
        }
        throw new ItemError("'" + key + "' must be true or false");
    }

    private static Priority priority(Map<String, Object> m) {
        Object v = m.get("priority");
        if (!(v instanceof String s)) {
            throw new ItemError("'priority' must be a string");
        }
        try {
            return Priority.parse(s);
        } catch (IllegalArgumentException e) {
            throw new ItemError(e.getMessage());
        }
    }

    private Map<String, String> override(Map<String, Object> m, Set<String> appendable, Set<String> replaceable) {
        Object v = m.get("override");
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> om) || om.isEmpty()) {
            throw new ItemError("'override' must map keys to append or replace");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : om.entrySet()) {
            String key = String.valueOf(e.getKey());
            String mode = String.valueOf(e.getValue());
            if (mode.equals("append") ? !appendable.contains(key) : mode.equals("replace") ? !replaceable.contains(key)
                    : true) {
                throw new ItemError("cannot " + mode + " key '" + key + "' (append: " + new java.util.TreeSet<>(appendable)
                        + ", replace: " + new java.util.TreeSet<>(replaceable) + ")");
            }
            if (!m.containsKey(key)) {
                throw new ItemError("'override' names key '" + key + "' but the item does not set it");
            }
            out.put(key, mode);
        }
        return out;
    }

    private void unknownKeys(String file, int line, String label, Map<String, Object> m, Set<String> known) {
        for (String key : m.keySet()) {
            if (!known.contains(key)) {
                warn(file, line, label, "unknown key '" + key + "' ignored");
            }
        }
    }
}
