package dev.containersec.sbom.internal.document;

import dev.containersec.api.Digest;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Platform;
import dev.containersec.api.SbomSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The image facts of an {@link SbomSubject} as key/value pairs (CycloneDX properties of the
 * metadata component, SPDX annotations of the image package), and back.
 */
public final class SubjectFacts {
    private Optional<Digest> manifestDigest = Optional.empty();
    private Optional<Digest> configDigest = Optional.empty();
    private Optional<Platform> platform = Optional.empty();
    private final TreeMap<Integer, Digest> layers = new TreeMap<>();
    private final TreeMap<String, String> os = new TreeMap<>();
    private final List<String> idLike = new ArrayList<>();
    private boolean anyOs;

    /**
     * Writes a subject's facts, in a fixed order.
     *
     * @param subject the subject
     * @return key/value pairs
     */
    public static List<String[]> of(SbomSubject subject) {
        List<String[]> out = new ArrayList<>();
        subject.manifestDigest().ifPresent(d -> out.add(new String[] {SbomDocuments.IMAGE_MANIFEST_DIGEST, d.toString()}));
        subject.configDigest().ifPresent(d -> out.add(new String[] {SbomDocuments.IMAGE_CONFIG_DIGEST, d.toString()}));
        subject.platform().ifPresent(p -> out.add(new String[] {SbomDocuments.IMAGE_PLATFORM, p.toString()}));
        for (int i = 0; i < subject.layers().size(); i++) {
            out.add(new String[] {SbomDocuments.IMAGE_LAYER + i, subject.layers().get(i).toString()});
        }
        subject.os().ifPresent(o -> {
            out.add(new String[] {SbomDocuments.OS + "id", o.id()});
            out.add(new String[] {SbomDocuments.OS + "versionId", o.versionId()});
            out.add(new String[] {SbomDocuments.OS + "versionCodename", o.versionCodename()});
            out.add(new String[] {SbomDocuments.OS + "prettyName", o.prettyName()});
            for (String like : o.idLike()) {
                out.add(new String[] {SbomDocuments.OS + "idLike", like});
            }
            out.add(new String[] {SbomDocuments.OS + "source", o.source()});
        });
        return out;
    }

    /**
     * Takes one pair if it is a subject fact.
     *
     * @param key the key
     * @param value the value
     * @param where its path, for errors
     * @param fields the error factory
     * @return true when it was one
     */
    public boolean accept(String key, String value, String where, Fields fields) {
        try {
            if (key.equals(SbomDocuments.IMAGE_MANIFEST_DIGEST)) {
                manifestDigest = Optional.of(Digest.parse(value));
            } else if (key.equals(SbomDocuments.IMAGE_CONFIG_DIGEST)) {
                configDigest = Optional.of(Digest.parse(value));
            } else if (key.equals(SbomDocuments.IMAGE_PLATFORM)) {
                platform = Optional.of(Platform.parse(value));
            } else if (key.startsWith(SbomDocuments.IMAGE_LAYER)) {
                int index = Integer.parseInt(key.substring(SbomDocuments.IMAGE_LAYER.length()));
                if (index < 0 || index > 100_000) {
                    throw fields.error(where, "layer index out of range in '" + key + "'");
                }
                layers.put(index, Digest.parse(value));
            } else if (key.startsWith(SbomDocuments.OS)) {
                anyOs = true;
                String field = key.substring(SbomDocuments.OS.length());
                if (field.equals("idLike")) {
                    idLike.add(value);
                } else {
                    os.put(field, value);
                }
            } else {
                return false;
            }
        } catch (IllegalArgumentException e) {
            throw fields.error(where, "invalid value for '" + key + "': " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * Sets the manifest digest if none was recorded (from another tool's fields).
     *
     * @param d the digest
     */
    public void fallbackManifestDigest(Optional<Digest> d) {
        if (manifestDigest.isEmpty()) {
            manifestDigest = d;
        }
    }

    /**
     * Sets the config digest if none was recorded.
     *
     * @param d the digest
     */
    public void fallbackConfigDigest(Optional<Digest> d) {
        if (configDigest.isEmpty()) {
            configDigest = d;
        }
    }

    /**
     * Tells whether os facts were recorded.
     *
     * @return true when any {@code containersec:os:*} key was seen
     */
    public boolean hasOs() {
        return anyOs;
    }

    /**
     * Builds the subject.
     *
     * @param name its name
     * @param fallbackOs the OS another part of the document names, used when none was recorded
     * @param where the path of the facts, for errors
     * @param fields the error factory
     * @return the subject
     */
    public SbomSubject build(String name, Optional<OsRelease> fallbackOs, String where, Fields fields) {
        List<Digest> layerList = new ArrayList<>();
        int expected = 0;
        for (var e : layers.entrySet()) {
            if (e.getKey() != expected) {
                throw fields.error(where, "layer " + expected + " is missing from the image layers ("
                        + SbomDocuments.IMAGE_LAYER + "N must count up from 0)");
            }
            layerList.add(e.getValue());
            expected++;
        }
        Optional<OsRelease> osRelease = anyOs
                ? Optional.of(new OsRelease(os.getOrDefault("id", ""), os.getOrDefault("versionId", ""),
                        os.getOrDefault("versionCodename", ""), os.getOrDefault("prettyName", ""), idLike,
                        os.getOrDefault("source", "")))
                : fallbackOs;
        return new SbomSubject(name, manifestDigest, configDigest, platform, osRelease, layerList);
    }
}
