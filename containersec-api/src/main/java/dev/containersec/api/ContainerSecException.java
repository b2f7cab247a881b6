package dev.containersec.api;

/**
 * The root of every exception containersec throws. Unchecked: findings, denials and skips are return
 * values; exceptions mean the requested operation could not be completed.
 *
 * <p>Subclasses carry structured fields so callers can react without parsing messages:
 * {@link InvalidInputException} (untrusted input was malformed, hostile or inconsistent),
 * {@link DigestMismatchException}, {@link LimitExceededException} and {@link NotFoundException}.
 */
public class ContainerSecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, in one line
     */
    public ContainerSecException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what went wrong, in one line
     * @param cause the lower-level failure
     */
    public ContainerSecException(String message, Throwable cause) {
        super(message, cause);
    }
}
