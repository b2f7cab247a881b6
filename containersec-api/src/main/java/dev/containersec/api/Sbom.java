package dev.containersec.api;

import java.util.List;
import java.util.Objects;

/**
 * A software bill of materials: the packages of one subject, however they were obtained (cataloged
 * from an image, or read from a CycloneDX or SPDX document).
 *
 * @param subject what the SBOM describes
 * @param packages the packages, in a stable order (by type, name, version, then location)
 * @param skipped inputs that were deliberately skipped while building it, with the reason
 */
public record Sbom(SbomSubject subject, List<Package> packages, List<SkippedEntry> skipped) {

    /** Copies the lists and checks for nulls. */
    public Sbom {
        Objects.requireNonNull(subject, "subject");
        packages = List.copyOf(packages);
        skipped = List.copyOf(skipped);
    }
}
