package dev.containersec.sbom.internal.version;

import java.util.Arrays;

/**
 * Versions that are lists of non-negative integers compared as lists (a proper prefix sorts first):
 * R's {@code package_version} (CRAN) and Cabal's {@code Version} (Hackage).
 */
public final class NumericListVersion extends VersionKey {

    private final String[] parts; // stripped digits

    private NumericListVersion(String[] parts) {
        this.parts = parts;
    }

    /**
     * Parses an R package version: at least two integers separated by '.' or '-'
     * ({@code valid_package_version_regexp}); leading zeros are insignificant, as R reads integers.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if R rejects it ("invalid version specification")
     */
    public static VersionKey parseCran(String text) throws VersionSyntaxException {
        String[] parts = text.split("[.-]", -1);
        if (parts.length < 2) {
            throw new VersionSyntaxException("an R package version has at least two components");
        }
        for (int i = 0; i < parts.length; i++) {
            if (!Num.isAllDigits(parts[i])) {
                throw new VersionSyntaxException("components must be non-negative integers");
            }
            parts[i] = Num.strip(parts[i]);
        }
        return new NumericListVersion(parts);
    }

    /**
     * Parses a Cabal version: one or more integers separated by '.', without leading zeros and of at
     * most nine digits each, as Cabal-syntax's version parser requires.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if Cabal rejects it
     */
    public static VersionKey parseHackage(String text) throws VersionSyntaxException {
        String[] parts = text.split("\\.", -1);
        for (String p : parts) {
            if (!Num.isAllDigits(p)) {
                throw new VersionSyntaxException("components must be non-negative integers");
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                throw new VersionSyntaxException("component with a leading zero");
            }
            if (p.length() > 9) {
                throw new VersionSyntaxException("component with more than 9 digits");
            }
        }
        return new NumericListVersion(parts);
    }

    @Override
    public int compareKey(VersionKey other) {
        String[] b = ((NumericListVersion) other).parts;
        int n = Math.min(parts.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = Num.compareStripped(parts[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(parts.length, b.length);
    }

    @Override
    protected int canonicalHash() {
        return Arrays.hashCode(parts);
    }
}
