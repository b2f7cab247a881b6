package dev.containersec.policy.internal.cel;

/**
 * A checked CEL expression compiled by {@link FastCompiler} into a tree of Java nodes: the fast path that runs a
 * typical admission policy an order of magnitude quicker than CEL-Java's interpreter. It covers the common
 * subset (field selection, {@code has}, optionals, comparisons, arithmetic, {@code in}, {@code size}, string
 * prefixes, {@code join}, list and map literals, and every comprehension macro); anything else is not compiled
 * at all, and anything unusual met at run time (an error, a missing key, mixed numeric types, a value type it
 * does not know) throws {@link #BAIL}, upon which the caller evaluates the expression with CEL-Java instead. A
 * value returned from here is therefore the value CEL-Java returns; errors always come from CEL-Java, with its
 * messages. Every evaluated node is reported to the evaluation's {@link Budget}, as CEL-Java's listener is, so
 * the step, value-size and time bounds hold on both paths. Immutable and thread-safe.
 */
final class FastProgram {

    /**
     * Thrown to give an evaluation back to CEL-Java. Carries no stack trace and is shared: it says only "not
     * here".
     */
    static final RuntimeException BAIL = new RuntimeException("fast path gave up", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    /** The variables an expression is evaluated against ({@code object}, {@code variables}, ...). */
    interface Globals {
        /**
         * Returns a top-level variable.
         *
         * @param index its {@link FastCompiler#GLOBALS} index
         * @return its value
         */
        Object global(int index);
    }

    /** One evaluation's state: the globals, the comprehension variables' slots and the budget. */
    static final class Frame {
        final Globals globals;
        final Object[] slots;
        final Budget budget;

        Frame(Globals globals, int slots, Budget budget) {
            this.globals = globals;
            this.slots = slots == 0 ? NO_SLOTS : new Object[slots];
            this.budget = budget;
        }

        /** Reports an evaluated node to the budget and passes its value on. */
        Object seen(Object value) {
            budget.callback(null, value);
            return value;
        }
    }

    private static final Object[] NO_SLOTS = new Object[0];

    private final FastNodes.Node root;
    private final int slots;

    FastProgram(FastNodes.Node root, int slots) {
        this.root = root;
        this.slots = slots;
    }

    /**
     * Evaluates the expression.
     *
     * @param globals the top-level variables
     * @param budget the evaluation's budget
     * @return the value, as CEL-Java would give it
     * @throws RuntimeException {@link #BAIL} when CEL-Java must evaluate it instead
     */
    Object eval(Globals globals, Budget budget) {
        return root.eval(new Frame(globals, slots, budget));
    }
}
