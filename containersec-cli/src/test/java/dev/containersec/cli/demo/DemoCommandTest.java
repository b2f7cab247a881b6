package dev.containersec.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.cli.Cli;
import dev.containersec.cli.ExitCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void demo_findsLog4ShellInTheJarLayer() {
        Cli.Result r = Cli.run("demo");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("CVE-2021-44228").contains("GHSA-jfh8-c2jp-5v3q")
                .contains("org.apache.logging.log4j:log4j-core 2.14.1").contains("/opt/app/lib/log4j-core-2.14.1.jar");
        Matcher layer2 = Pattern.compile("layer 2 (sha256:[0-9a-f]{64})").matcher(r.out());
        assertThat(layer2.find()).as(r.out()).isTrue();
        assertThat(r.out()).contains("layer     2 of 2, " + layer2.group(1));
        assertThat(r.out()).contains("Debian:12");
    }
}
