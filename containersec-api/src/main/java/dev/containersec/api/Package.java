package dev.containersec.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Collections;

/**
 * A software package found in an image or read from an SBOM.
 *
 * @param name the package name as its ecosystem spells it
 * @param version the version as its ecosystem spells it (empty when unknown)
 * @param type the purl type, e.g. {@code deb}, {@code rpm}, {@code apk}, {@code maven}, {@code npm}
 * @param purl the package URL that identifies it
 * @param licenses declared licences, as SPDX expressions where the source allows, else as written
 * @param locations where it was found, with the layer of each
 * @param foundBy the id of the cataloger (or SBOM reader) that reported it
 * @param metadata further facts, sorted by key: {@code sourceName}, {@code sourceVersion},
 *     {@code arch}, {@code evidence} (how the identity was decided), {@code sha1}, ...
 * @param files the paths this package owns in the image (OS packages), for telling language
 *     packages apart from files a package manager installed; empty when unknown
 */
public record Package(String name, String version, String type, Purl purl, List<String> licenses,
                      List<PackageLocation> locations, String foundBy, SortedMap<String, String> metadata,
                      List<String> files) {

    /** Copies the collections and checks for nulls. */
    public Package {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(purl, "purl");
        licenses = List.copyOf(licenses);
        locations = List.copyOf(locations);
        Objects.requireNonNull(foundBy, "foundBy");
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        files = List.copyOf(files);
    }

    /**
     * Returns a metadata value.
     *
     * @param key the key, e.g. {@code sourceName}
     * @return the value, or empty when absent
     */
    public java.util.Optional<String> metadata(String key) {
        return java.util.Optional.ofNullable(metadata.get(key));
    }

    /**
     * Returns a copy with other metadata entries added (existing keys replaced).
     *
     * @param more the entries to add
     * @return the new package
     */
    public Package withMetadata(Map<String, String> more) {
        TreeMap<String, String> m = new TreeMap<>(metadata);
        m.putAll(more);
        return new Package(name, version, type, purl, licenses, locations, foundBy, m, files);
    }
}
