package dev.containersec.api;

import java.util.Objects;

/**
 * A blob's content did not match the digest (or size) that named it. Whatever was read from the
 * blob before the mismatch was detected must be discarded.
 */
public final class DigestMismatchException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final Digest expected;
    private final String actual;

    /**
     * Creates the exception.
     *
     * @param blob a description of the blob (for example {@code "layer 1"})
     * @param expected the digest the blob was referenced by
     * @param actual the digest (or size) actually read, as text
     */
    public DigestMismatchException(String blob, Digest expected, String actual) {
        super(blob, "digest mismatch: expected " + expected + " but content is " + actual);
        this.expected = Objects.requireNonNull(expected, "expected");
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    /**
     * Returns the digest the blob was referenced by.
     *
     * @return the expected digest
     */
    public Digest expected() {
        return expected;
    }

    /**
     * Returns what was actually read: a digest, or a size when the size alone already differed.
     *
     * @return the actual digest or size, as text
     */
    public String actual() {
        return actual;
    }
}
