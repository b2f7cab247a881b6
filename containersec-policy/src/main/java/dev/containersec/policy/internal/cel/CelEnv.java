package dev.containersec.policy.internal.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelListsExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL environment of Kubernetes admission policies, built once per engine: the variables {@code object},
 * {@code oldObject}, {@code request}, {@code params}, {@code namespaceObject} (all {@code dyn}) and
 * {@code variables} ({@code map(string, dyn)}); CEL's standard macros; the strings, sets, lists (without
 * {@code lists.range}, which allocates in one call), math, encoders, optional, bindings, regex and
 * two-variable comprehension extensions; cross-type numeric comparisons; and {@link K8sLibrary}.
 * Immutable and thread-safe.
 */
public final class CelEnv {

    /** The largest compiled regular expression (RE2 program size) an expression may use. */
    static final int MAX_REGEX_PROGRAM_SIZE = 10_000;

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final int maxIterations;
    private final boolean fastPath;

    /**
     * Builds the environment with the fast path on.
     *
     * @param maxIterations the most iterations of one comprehension
     */
    public CelEnv(int maxIterations) {
        this(maxIterations, true);
    }

    /**
     * Builds the environment.
     *
     * @param maxIterations the most iterations of one comprehension
     * @param fastPath whether expressions in {@link FastProgram}'s subset also get a fast program
     */
    @SuppressWarnings("deprecation") // CelExtensions.math(CelOptions): its replacement takes a version number
    public CelEnv(int maxIterations, boolean fastPath) {
        this.maxIterations = maxIterations;
        this.fastPath = fastPath;
        CelOptions options = CelOptions.current()
                .enableOptionalSyntax(true)
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(maxIterations)
                .maxRegexProgramSize(MAX_REGEX_PROGRAM_SIZE)
                .build();
        CelListsExtensions lists = CelExtensions.lists(CelListsExtensions.Function.SLICE,
                CelListsExtensions.Function.FLATTEN, CelListsExtensions.Function.DISTINCT,
                CelListsExtensions.Function.REVERSE, CelListsExtensions.Function.SORT,
                CelListsExtensions.Function.SORT_BY);
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("object", SimpleType.DYN)
                .addVar("oldObject", SimpleType.DYN)
                .addVar("request", SimpleType.DYN)
                .addVar("params", SimpleType.DYN)
                .addVar("namespaceObject", SimpleType.DYN)
                .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addLibraries(CelExtensions.strings(), CelExtensions.sets(options), lists,
                        CelExtensions.math(options), CelExtensions.encoders(options), CelExtensions.optional(),
                        CelExtensions.bindings(), CelExtensions.regex(), CelExtensions.comprehensions())
                .addFunctionDeclarations(K8sLibrary.declarations())
                .build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .addLibraries(CelExtensions.strings(), CelExtensions.sets(options), lists,
                        CelExtensions.math(options), CelExtensions.encoders(options), CelExtensions.optional(),
                        CelExtensions.regex(), CelExtensions.comprehensions())
                .addFunctionBindings(K8sLibrary.bindings())
                .build();
    }

    /**
     * Parses and type-checks an expression.
     *
     * @param expression the expression
     * @return the checked syntax tree
     * @throws CelValidationException if it does not parse or type-check
     */
    public CelAbstractSyntaxTree compile(String expression) throws CelValidationException {
        return compiler.compile(expression).getAst();
    }

    /**
     * Plans a checked syntax tree into a program.
     *
     * @param ast the tree
     * @return the program, immutable and thread-safe
     * @throws CelEvaluationException if it cannot be planned
     */
    public CelRuntime.Program plan(CelAbstractSyntaxTree ast) throws CelEvaluationException {
        return runtime.createProgram(ast);
    }

    /**
     * Compiles a checked syntax tree for the fast path.
     *
     * @param ast the tree
     * @return the fast program, or null when the tree is outside its subset or the fast path is off
     */
    FastProgram fast(CelAbstractSyntaxTree ast) {
        return fastPath ? FastCompiler.compile(ast, maxIterations) : null;
    }
}
