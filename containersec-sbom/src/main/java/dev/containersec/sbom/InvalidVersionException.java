package dev.containersec.sbom;

import dev.containersec.api.InvalidInputException;
import java.util.Objects;

/**
 * A version string is not valid in the {@link VersionScheme} it was read with, or is longer than
 * {@link VersionScheme#MAX_LENGTH}. Carries the scheme, the (abbreviated) offending text and the reason,
 * so callers can report it without parsing the message.
 *
 * <p>Each scheme documents which strings its ecosystem's own tool rejects; schemes whose tool accepts
 * any string (Maven, RPM) only reject over-long or empty input.
 */
public final class InvalidVersionException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final VersionScheme scheme;
    private final String version;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param scheme the scheme the version was parsed with
     * @param version the offending text (abbreviated to at most 80 characters in the message and field)
     * @param reason why it is not accepted, in a few words
     */
    public InvalidVersionException(VersionScheme scheme, String version, String reason) {
        super(Objects.requireNonNull(scheme, "scheme").displayName() + " version '" + abbreviate(version) + "'",
                Objects.requireNonNull(reason, "reason"));
        this.scheme = scheme;
        this.version = abbreviate(version);
        this.reason = reason;
    }

    /**
     * Returns the scheme the version was parsed with.
     *
     * @return the scheme
     */
    public VersionScheme scheme() {
        return scheme;
    }

    /**
     * Returns the offending version text, abbreviated to at most 80 characters.
     *
     * @return the text
     */
    public String version() {
        return version;
    }

    /**
     * Returns why the version was not accepted.
     *
     * @return the reason, e.g. {@code "epoch is not a number"}
     */
    public String reason() {
        return reason;
    }

    private static String abbreviate(String s) {
        Objects.requireNonNull(s, "version");
        return s.length() <= 80 ? s : s.substring(0, 60) + "...(" + s.length() + " chars)";
    }
}
