package dev.containersec.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.Digest;
import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileListJsonRendererTest {
    private static final Digest LAYER = Digest.sha256(new byte[0]);

    @Test
    void writesOneObjectPerLine_withLinkTargetOnlyWhenPresent() throws Exception {
        StringWriter out = new StringWriter();
        FileListJsonRenderer r = new FileListJsonRenderer(out);
        r.accept(new FileEntry("/bin", FileType.SYMLINK, 0777, 0, 0, 0, Optional.of("usr/bin"), 0, LAYER));
        r.accept(new FileEntry("/usr/bin/su", FileType.REGULAR, 04755, 0, 0, 1234, Optional.empty(), 2, LAYER));
        r.finish();
        assertThat(out.toString().lines()).hasSize(4);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.size()).isEqualTo(2);
        assertThat(json.get(0).get("linkTarget").asText()).isEqualTo("usr/bin");
        assertThat(json.get(0).get("type").asText()).isEqualTo("symlink");
        JsonNode su = json.get(1);
        assertThat(su.has("linkTarget")).isFalse();
        assertThat(su.get("mode").asText()).isEqualTo("4755");
        assertThat(su.get("size").asLong()).isEqualTo(1234);
        assertThat(su.get("layerIndex").asInt()).isEqualTo(2);
        assertThat(su.get("layer").asText()).isEqualTo(LAYER.toString());
        assertThat(su.get("uid").asLong()).isZero();
    }

    @Test
    void emptyListing_isAnEmptyArray() throws Exception {
        StringWriter out = new StringWriter();
        new FileListJsonRenderer(out).finish();
        assertThat(out.toString()).isEqualTo("[]\n");
    }
}
