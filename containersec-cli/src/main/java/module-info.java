/**
 * The {@code containersec} command line. Not a library: it renders what the public API returns,
 * owns stdout, stderr and exit codes, and binds SLF4J to stderr. It exports nothing; picocli reads
 * the command classes reflectively, so their packages are opened to it.
 *
 * <p>Run it as {@code java -m dev.containersec.cli/dev.containersec.cli.Main} or, on the class path,
 * with the main class {@code dev.containersec.cli.Main} (what the {@code ./containersec} launcher does).
 */
module dev.containersec.cli {
    requires dev.containersec.image;
    requires dev.containersec.sbom;
    requires dev.containersec.policy;
    requires dev.containersec.runtime;
    requires dev.containersec.signature;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires org.slf4j;

    opens dev.containersec.cli to info.picocli;
    opens dev.containersec.cli.image to info.picocli;
    opens dev.containersec.cli.netpol to info.picocli;
    opens dev.containersec.cli.version to info.picocli;
    opens dev.containersec.cli.rules to info.picocli;
    opens dev.containersec.cli.sbom to info.picocli;
    opens dev.containersec.cli.scan to info.picocli;
    opens dev.containersec.cli.db to info.picocli;
    opens dev.containersec.cli.demo to info.picocli;
    opens dev.containersec.cli.policy to info.picocli;
    opens dev.containersec.cli.watch to info.picocli;
    opens dev.containersec.cli.signature to info.picocli;
}
