package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Sbom;
import dev.containersec.api.SkipReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/** A package file that is not what its name promises is skipped, and the SBOM says so. */
class CatalogSkipsTest {

    @TempDir
    Path dir;

    @Test
    void catalog_packageJsonThatIsNotJson_isListedAsSkipped_andTheRestIsCataloged() {
        byte[] layer = TestTar.build(t -> t
                .file("app/node_modules/broken/package.json", "this is { not json")
                .file("app/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}"));
        TestImages.Layout layout = TestImages.oci().layer(layer).write(dir);

        Sbom sbom;
        try (Image image = ImageReader.create().open(layout.location())) {
            sbom = ImageCataloger.create().catalog(image);
        }

        assertThat(sbom.packages()).extracting(p -> p.purl().toString()).containsExactly("pkg:npm/left-pad@1.3.0");
        assertThat(sbom.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(SkipReason.MALFORMED_PACKAGE_FILE);
            assertThat(s.path()).isEqualTo("/app/node_modules/broken/package.json");
        });
    }
}
