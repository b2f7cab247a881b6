package dev.containersec.runtime;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.Priority;
import dev.containersec.api.ScanLimits;
import dev.containersec.runtime.internal.rules.Fields;
import dev.containersec.runtime.internal.rules.RuleLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads Falco rules files into {@link RuleSet}s: the front door of containersec's Falco-compatible rule
 * engine.
 *
 * <pre>{@code
 * RuleEngine engine = RuleEngine.builder().hostname("node-1").build();
 * RuleSet rules = engine.loadFiles(List.of(Path.of("falco_rules.yaml"), Path.of("my_rules.yaml")));
 * for (Alert alert : rules.evaluate(event)) { sink.publish(alert); }
 * }</pre>
 *
 * <h2>What is supported</h2>
 * <ul>
 *   <li>Items: {@code list}, {@code macro}, {@code rule}, {@code required_engine_version} (accepted),
 *       {@code required_plugin_versions} (ignored with a warning). Files load in the order given; a later
 *       definition with the same name replaces the earlier one in place; {@code override} with
 *       {@code append}/{@code replace} and the deprecated {@code append: true} modify it.</li>
 *   <li>Rule keys: {@code condition}, {@code output}, {@code desc}, {@code priority}, {@code tags},
 *       {@code enabled}, {@code exceptions}, {@code source} (only {@code syscall} is evaluated),
 *       {@code warn_evttypes}, {@code skip-if-unknown-filter}.</li>
 *   <li>Conditions: {@code and}, {@code or}, {@code not}, parentheses; {@code = == != < <= > >=},
 *       {@code contains icontains startswith endswith glob iglob bcontains bstartswith}, {@code in
 *       intersects pmatch}, {@code exists}; transformers {@code tolower toupper b64 basename len};
 *       {@code val(field)}. {@code regex} is refused at load. A field the event lacks makes its check
 *       false for every operator, {@code !=} included.</li>
 *   <li>Fields: see {@link #supportedFields()}; an unknown field is a load error naming the rule and
 *       the field, unless the rule sets {@code skip-if-unknown-filter: true}.</li>
 * </ul>
 *
 * <h2>Hostile input</h2>
 * Each file is bounded by {@link ScanLimits#maxDocumentBytes()} and {@link ScanLimits#maxJsonDepth()};
 * YAML aliases are refused; conditions nest at most 100 levels (as in Falco); one rule expands to at most
 * 200,000 nodes and 500 levels after macros and lists, all rules to at most 2,000,000 nodes, one list to
 * at most 100,000 items. Exceeding a bound is a load error, never a {@link StackOverflowError} or an
 * out-of-memory error.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @see <a href="https://falco.org/docs/concepts/rules/">Falco rules</a>
 */
public final class RuleEngine {

    private final ScanLimits limits;
    private final String hostname;
    private final RuleMatching matching;
    private final Priority minimumPriority;
    private final boolean indexed;

    private RuleEngine(Builder b) {
        this.limits = b.limits;
        this.hostname = b.hostname;
        this.matching = b.matching;
        this.minimumPriority = b.minimumPriority;
        this.indexed = b.indexed;
    }

    /**
     * Returns an engine with the defaults: {@link ScanLimits#defaults()}, host name {@code localhost},
     * {@link RuleMatching#FIRST}, every priority loaded.
     *
     * @return the engine
     */
    public static RuleEngine create() {
        return builder().build();
    }

    /**
     * Starts a builder holding the defaults of {@link #create()}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads rules from sources, in order.
     *
     * @param sources the rules files, in load order
     * @return the rules
     * @throws RuleLoadException if any source has an error; its report lists them all
     */
    public RuleSet load(List<RuleSource> sources) {
        RuleLoader.Result result = run(sources);
        if (result.report().hasErrors()) {
            throw new RuleLoadException(result.report());
        }
        return new RuleSet(result.rules(), result.report(), matching);
    }

    /**
     * Reads and loads rules files, in order.
     *
     * @param files the rules files, in load order
     * @return the rules
     * @throws RuleLoadException if any file has an error
     * @throws dev.containersec.api.LimitExceededException if a file is larger than the limits allow
     * @throws ContainerSecException if a file cannot be read
     */
    public RuleSet loadFiles(List<Path> files) {
        List<RuleSource> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(RuleSource.read(file, limits));
        }
        return load(sources);
    }

    /**
     * Checks rules without failing: every rule's status and every problem, as {@code rules check}
     * prints them.
     *
     * @param sources the rules files, in load order
     * @return the report, possibly with errors
     */
    public RuleLoadReport check(List<RuleSource> sources) {
        return run(sources).report();
    }

    /**
     * Reads and checks rules files without failing; a file that cannot be read is reported as an error.
     *
     * @param files the rules files, in load order
     * @return the report, possibly with errors
     */
    public RuleLoadReport checkFiles(List<Path> files) {
        List<RuleSource> sources = new ArrayList<>();
        List<RuleProblem> readProblems = new ArrayList<>();
        for (Path file : files) {
            try {
                sources.add(RuleSource.read(file, limits));
            } catch (ContainerSecException e) {
                readProblems.add(new RuleProblem(RuleProblem.Level.ERROR, file.toString(), 0, "", Optional.empty(),
                        e.getMessage()));
            }
        }
        RuleLoadReport report = check(sources);
        List<RuleProblem> problems = new ArrayList<>(readProblems);
        problems.addAll(report.problems());
        return new RuleLoadReport(report.rules(), problems);
    }

    private RuleLoader.Result run(List<RuleSource> sources) {
        Objects.requireNonNull(sources, "sources");
        sources.forEach(s -> Objects.requireNonNull(s, "source"));
        return RuleLoader.load(sources, limits, minimumPriority, indexed, matching == RuleMatching.FIRST, hostname);
    }

    /**
     * Returns the fields conditions and outputs may use, e.g. {@code proc.name}, {@code fd.sip},
     * {@code proc.aname[N]}, {@code evt.arg.<name>}.
     *
     * @return the field names, sorted
     */
    public static List<String> supportedFields() {
        return Fields.names();
    }

    /** Builds a {@link RuleEngine}. */
    public static final class Builder {
        private ScanLimits limits = ScanLimits.defaults();
        private String hostname = "localhost";
        private RuleMatching matching = RuleMatching.FIRST;
        private Priority minimumPriority = Priority.DEBUG;
        private boolean indexed = true;

        private Builder() {
        }

        /**
         * Sets the bounds on rules files (document size and nesting).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(ScanLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the host name alerts carry and {@code evt.hostname} returns.
         *
         * @param hostname the host name, not blank
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder hostname(String hostname) {
            Objects.requireNonNull(hostname, "hostname");
            if (hostname.isBlank()) {
                throw new IllegalArgumentException("hostname must not be blank");
            }
            this.hostname = hostname;
            return this;
        }

        /**
         * Sets which matching rules raise alerts (Falco's {@code rule_matching}).
         *
         * @param matching {@link RuleMatching#FIRST} (the default) or {@link RuleMatching#ALL}
         * @return this builder
         */
        public Builder ruleMatching(RuleMatching matching) {
            this.matching = Objects.requireNonNull(matching, "matching");
            return this;
        }

        /**
         * Loads only rules at or above a priority (Falco's {@code priority} setting).
         *
         * @param minimum the lowest priority loaded; {@link Priority#DEBUG}, the default, loads all
         * @return this builder
         */
        public Builder minimumPriority(Priority minimum) {
            this.minimumPriority = Objects.requireNonNull(minimum, "minimum");
            return this;
        }

        /**
         * Evaluates every rule against every event instead of only the rules indexed under the event's
         * type. Results are identical, only slower: for measuring the index and for debugging.
         *
         * @return this builder
         */
        public Builder withoutEventTypeIndex() {
            this.indexed = false;
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return the engine
         */
        public RuleEngine build() {
            return new RuleEngine(this);
        }
    }
}
