package dev.containersec.sbom.internal.version;

/** A parser rejected a version string; the message is the reason. Cheap: no stack trace. */
public final class VersionSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the text is rejected
     */
    public VersionSyntaxException(String reason) {
        super(reason, null, false, false);
    }
}
