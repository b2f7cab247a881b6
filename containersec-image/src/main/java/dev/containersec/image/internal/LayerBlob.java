package dev.containersec.image.internal;

import dev.containersec.api.Descriptor;

/**
 * Where one layer's bytes are and how to verify them.
 *
 * @param index the layer index, 0 for the bottom layer
 * @param descriptor the layer's descriptor (for docker-archive, its digest is the diffID)
 * @param path the blob's path in the image store
 * @param digestOfUncompressed true when {@code descriptor.digest()} names the uncompressed tar (a
 *     diffID, as in docker-archive), false when it names the stored blob (OCI)
 */
record LayerBlob(int index, Descriptor descriptor, String path, boolean digestOfUncompressed) {

    String describe() {
        return "layer " + index + " (" + descriptor.digest().shortForm() + ")";
    }
}
