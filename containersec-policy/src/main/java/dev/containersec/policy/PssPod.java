package dev.containersec.policy;

import dev.containersec.policy.internal.pss.PodModel;
import java.util.Objects;

/**
 * A pod taken from a manifest (a Pod, or the pod template of a Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job or CronJob), parsed and compiled once so that it can be evaluated
 * at any level and version without touching the manifest again. Immutable and thread-safe; made by
 * {@link PodSecurity#load(byte[], String)}.
 */
public final class PssPod {

    private final PssDocument document;
    private final PodModel model;

    PssPod(PssDocument document, PodModel model) {
        this.document = Objects.requireNonNull(document, "document");
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Returns where the pod came from.
     *
     * @return the document
     */
    public PssDocument document() {
        return document;
    }

    /**
     * Returns the number of init, regular and ephemeral containers.
     *
     * @return the container count
     */
    public int containerCount() {
        return model.containerCount();
    }

    PodModel model() {
        return model;
    }

    /**
     * Returns a description naming the document.
     *
     * @return for example {@code PssPod[pod.yaml#0 (Pod web)]}
     */
    @Override
    public String toString() {
        return "PssPod[" + document + "]";
    }
}
