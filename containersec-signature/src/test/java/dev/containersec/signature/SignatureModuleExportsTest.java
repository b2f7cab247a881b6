package dev.containersec.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SignatureModuleExportsTest {

    @Test
    void module_exportsExactlyItsApiPackage_unqualified() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("dev.containersec.signature");
            assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
            assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                    .containsExactly("dev.containersec.signature");
            assertThat(descriptor.requires().stream().map(ModuleDescriptor.Requires::name))
                    .contains("org.bouncycastle.provider");
        }
    }
}
