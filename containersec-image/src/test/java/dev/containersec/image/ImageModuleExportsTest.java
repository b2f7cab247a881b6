package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ImageModuleExportsTest {

    @Test
    void module_exportsExactlyItsApiPackage_unqualified() throws IOException {
        try (InputStream in = ImageModuleExportsTest.class.getResourceAsStream("/module-info.class")) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("dev.containersec.image");
            assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
            assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                    .containsExactly("dev.containersec.image");
        }
    }
}
