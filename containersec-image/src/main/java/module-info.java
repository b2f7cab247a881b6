/**
 * Reads container images (OCI layout, OCI archive, docker-archive) with verified digests and a streamed, merged view of their layers.
 */
module dev.containersec.image {
    requires transitive dev.containersec.api;
    requires com.fasterxml.jackson.databind;
    requires com.github.luben.zstd_jni;
    requires org.slf4j;

    exports dev.containersec.image;
}
