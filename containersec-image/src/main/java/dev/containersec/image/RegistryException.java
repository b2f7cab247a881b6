package dev.containersec.image;

import dev.containersec.api.InvalidInputException;
import java.util.OptionalInt;

/**
 * A registry could not be used: unreachable, refused the credentials, kept answering with errors
 * after the bounded retries, or broke the protocol (a redirect loop, an authentication loop). Digest,
 * size and limit failures are reported with their own types ({@link dev.containersec.api.DigestMismatchException},
 * {@link dev.containersec.api.LimitExceededException}); an absent manifest or blob is a
 * {@link dev.containersec.api.NotFoundException}.
 */
public final class RegistryException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates the exception.
     *
     * @param subject the registry and repository (or URL) that was being accessed
     * @param status the last HTTP status received, or -1 when there was none
     * @param message what went wrong
     * @param cause the lower-level failure, may be null
     */
    public RegistryException(String subject, int status, String message, Throwable cause) {
        super(subject, message + (status > 0 ? " (HTTP " + status + ")" : ""), cause);
        this.status = status;
    }

    /**
     * Returns the last HTTP status the registry answered with.
     *
     * @return the status, empty when the failure happened before a response
     */
    public OptionalInt status() {
        return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
    }
}
