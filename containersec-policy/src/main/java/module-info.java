/**
 * Policy as code: CEL policies, built-in packs (Pod Security Standards, hardening, vulnerability gates) and NetworkPolicy analysis.
 */
module dev.containersec.policy {
    requires transitive dev.containersec.api;
    requires transitive dev.containersec.image;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;
    requires org.slf4j;
    // CEL-Java and its dependencies are shaded into this module (relocated under
    // dev.containersec.policy.internal.shaded, not exported); they use java.util.logging and sun.misc.Unsafe.
    requires java.logging;
    requires jdk.unsupported;

    exports dev.containersec.policy;
}
