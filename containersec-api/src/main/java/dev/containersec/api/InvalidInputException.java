package dev.containersec.api;

import java.util.Objects;

/**
 * Untrusted input could not be accepted: it is malformed, truncated, inconsistent or hostile. The CLI
 * maps this type (and its subclasses) to exit code 3.
 */
public class InvalidInputException extends ContainerSecException {
    private static final long serialVersionUID = 1L;

    /** What was being read when the problem was found, e.g. a file, a blob digest or a tar entry. */
    private final String subject;

    /**
     * Creates the exception.
     *
     * @param subject what was being read (a file, a blob, a tar entry), never null
     * @param message what is wrong with it
     */
    public InvalidInputException(String subject, String message) {
        super(subject + ": " + message);
        this.subject = Objects.requireNonNull(subject, "subject");
    }

    /**
     * Creates the exception with the underlying cause.
     *
     * @param subject what was being read, never null
     * @param message what is wrong with it
     * @param cause the lower-level failure (a parser or I/O error)
     */
    public InvalidInputException(String subject, String message, Throwable cause) {
        super(subject + ": " + message, cause);
        this.subject = Objects.requireNonNull(subject, "subject");
    }

    /**
     * Returns what was being read when the problem was found.
     *
     * @return the subject, e.g. {@code "blob sha256:ab..."} or {@code "layer 2 entry etc/passwd"}
     */
    public String subject() {
        return subject;
    }
}
