package dev.containersec.policy;

import java.util.List;
import java.util.Objects;

/**
 * A manifest loaded for Pod Security Standards evaluation: its pods, parsed once, and the documents that
 * carry no pod. Made by {@link PodSecurity#load(byte[], String)} and {@link PodSecurity#load(java.nio.file.Path)}.
 *
 * @param source the file or name the manifest was read from
 * @param pods the pods (Pods and workload pod templates), in document order
 * @param notApplicable the documents of other kinds (Services, ConfigMaps, ...), in document order
 */
public record PssManifest(String source, List<PssPod> pods, List<PssDocument> notApplicable) {

    /**
     * Validates the fields and copies the lists.
     *
     * @throws NullPointerException if a field is null
     */
    public PssManifest {
        Objects.requireNonNull(source, "source");
        pods = List.copyOf(pods);
        notApplicable = List.copyOf(notApplicable);
    }
}
