package dev.containersec.api;

import java.util.List;
import java.util.Objects;

/**
 * Something the caller asked for is not in the input: a tag, a platform, a manifest digest, or a blob
 * that a manifest names. Carries what is available, so error messages can say what to ask for instead.
 */
public final class NotFoundException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final String wanted;
    private final List<String> available;

    /**
     * Creates the exception.
     *
     * @param subject the input that was searched (an image location or file)
     * @param what the kind of thing sought, e.g. {@code "tag"}, {@code "platform"}, {@code "blob"}
     * @param wanted the value sought
     * @param available the values the input does hold (may be empty)
     */
    public NotFoundException(String subject, String what, String wanted, List<String> available) {
        super(subject, what + " '" + wanted + "' not found"
                + (available.isEmpty() ? "" : "; available: " + String.join(", ", available)));
        this.what = Objects.requireNonNull(what, "what");
        this.wanted = Objects.requireNonNull(wanted, "wanted");
        this.available = List.copyOf(available);
    }

    /**
     * Returns the kind of thing sought.
     *
     * @return for example {@code "tag"} or {@code "platform"}
     */
    public String what() {
        return what;
    }

    /**
     * Returns the value that was sought.
     *
     * @return the wanted value
     */
    public String wanted() {
        return wanted;
    }

    /**
     * Returns the values the input does hold.
     *
     * @return an immutable list, possibly empty
     */
    public List<String> available() {
        return available;
    }
}
