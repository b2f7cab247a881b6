/**
 * Reads container images (OCI layout, OCI archive, docker-archive, OCI distribution registries through
 * {@link dev.containersec.image.RegistryClient}) with verified digests and a streamed, merged view of their layers,
 * and catalogs their packages ({@link dev.containersec.image.ImageCataloger}).
 *
 * @uses dev.containersec.api.Cataloger catalogers found with {@link java.util.ServiceLoader} are added to
 *     {@link dev.containersec.image.ImageCataloger}'s built-in ones
 */
module dev.containersec.image {
    requires transitive dev.containersec.api;
    requires com.fasterxml.jackson.databind;
    requires com.github.luben.zstd_jni;
    requires org.slf4j;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    exports dev.containersec.image;

    uses dev.containersec.api.Cataloger;
}
