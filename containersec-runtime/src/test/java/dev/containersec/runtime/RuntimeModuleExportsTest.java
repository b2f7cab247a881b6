package dev.containersec.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuntimeModuleExportsTest {

    @Test
    void module_exportsExactlyItsApiPackage_unqualified() throws IOException {
        try (InputStream in = RuntimeModuleExportsTest.class.getResourceAsStream("/module-info.class")) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("dev.containersec.runtime");
            assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
            assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                    .containsExactly("dev.containersec.runtime");
        }
    }
}
