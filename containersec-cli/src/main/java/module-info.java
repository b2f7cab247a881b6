/**
 * The {@code containersec} command line. Not a library: it renders what the public API returns,
 * owns stdout, stderr and exit codes, and binds SLF4J to stderr.
 */
module dev.containersec.cli {
    requires dev.containersec.image;
    requires dev.containersec.sbom;
    requires dev.containersec.policy;
    requires dev.containersec.runtime;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires org.slf4j;

    // opens dev.containersec.cli to info.picocli;
}
