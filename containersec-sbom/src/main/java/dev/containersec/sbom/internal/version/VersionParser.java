package dev.containersec.sbom.internal.version;

/** Parses a non-empty, length-checked version string into its comparable key. */
@FunctionalInterface
public interface VersionParser {
    /**
     * Parses the text.
     *
     * @param text a non-empty string of at most {@code VersionScheme.MAX_LENGTH} characters
     * @return the key
     * @throws VersionSyntaxException when the scheme rejects the text
     */
    VersionKey parse(String text) throws VersionSyntaxException;
}
