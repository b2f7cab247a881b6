package dev.containersec.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ApiModuleExportsTest {

    @Test
    void module_exportsExactlyItsApiPackage_unqualified() throws IOException {
        // The module's own descriptor, from its classes directory (Surefire runs in the module's folder):
        // a class-path lookup of "/module-info.class" would find a JDK module's descriptor first.
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("dev.containersec.api");
            assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
            assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                    .containsExactly("dev.containersec.api");
        }
    }
}
