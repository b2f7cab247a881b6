package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SbomModuleExportsTest {

    @Test
    void module_exportsExactlyItsApiPackage_unqualified() throws IOException {
        try (InputStream in = SbomModuleExportsTest.class.getResourceAsStream("/module-info.class")) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("dev.containersec.sbom");
            assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
            assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                    .containsExactly("dev.containersec.sbom");
        }
    }
}
