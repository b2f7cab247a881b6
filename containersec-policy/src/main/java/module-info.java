/**
 * Policy as code: CEL policies, built-in packs (Pod Security Standards, hardening, vulnerability gates) and NetworkPolicy analysis.
 */
module dev.containersec.policy {
    requires transitive dev.containersec.api;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;
    requires org.slf4j;

    exports dev.containersec.policy;
}
