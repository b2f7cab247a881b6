package dev.containersec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CliModuleTest {

    @Test
    void module_exportsNothing_andOpensCommandPackagesOnlyToPicocli() throws Exception {
        // Read from this module's own classes: a class-path lookup of /module-info.class may find a JDK module's.
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor d = ModuleDescriptor.read(in);
            assertThat(d.name()).isEqualTo("dev.containersec.cli");
            assertThat(d.exports()).isEmpty();
            assertThat(d.opens()).allSatisfy(o -> assertThat(o.targets()).containsExactly("info.picocli"));
            // Every package of the CLI holds commands that picocli reflects on, and nothing else is opened.
            assertThat(d.opens().stream().map(ModuleDescriptor.Opens::source).collect(Collectors.toSet()))
                    .isEqualTo(d.packages())
                    .contains("dev.containersec.cli", "dev.containersec.cli.image", "dev.containersec.cli.sbom");
        }
    }
}
