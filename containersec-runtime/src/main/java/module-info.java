/**
 * Runtime protection: event sources, the event pipeline, a Falco-compatible rule engine and behavioural baselines.
 */
module dev.containersec.runtime {
    requires transitive dev.containersec.api;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    // exports dev.containersec.runtime;  (restored when the package has its first public type)
}
