package dev.containersec.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Digest;
import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileListTableRendererTest {
    private static final Digest LAYER = Digest.sha256(new byte[0]);

    private static FileEntry entry(String path, FileType type, int mode, Optional<String> link) {
        return new FileEntry(path, type, mode, 0, 0, 42, link, 1, LAYER);
    }

    @Test
    void modeString_likeLsDashL() {
        assertThat(FileListTableRenderer.modeString(entry("/d", FileType.DIRECTORY, 0755, Optional.empty())))
                .isEqualTo("drwxr-xr-x");
        assertThat(FileListTableRenderer.modeString(entry("/s", FileType.REGULAR, 04755, Optional.empty())))
                .isEqualTo("-rwsr-xr-x");
        assertThat(FileListTableRenderer.modeString(entry("/t", FileType.DIRECTORY, 01777, Optional.empty())))
                .isEqualTo("drwxrwxrwt");
        assertThat(FileListTableRenderer.modeString(entry("/g", FileType.REGULAR, 02644, Optional.empty())))
                .isEqualTo("-rw-r-Sr--");
    }

    @Test
    void rows_showLinkTargets_andEscapeControlCharacters() {
        StringWriter out = new StringWriter();
        FileListTableRenderer r = new FileListTableRenderer(new PrintWriter(out));
        r.accept(entry("/etc/os-release", FileType.SYMLINK, 0777, Optional.of("../usr/lib/os-release")));
        r.accept(entry("/evil\u001b[2J", FileType.REGULAR, 0644, Optional.empty()));
        r.finish();
        assertThat(out.toString().lines()).hasSize(3);
        assertThat(out.toString()).startsWith("MODE").contains("lrwxrwxrwx", "/etc/os-release -> ../usr/lib/os-release")
                .contains("/evil\\x1b[2J").doesNotContain("\u001b");
    }

    @Test
    void emptyListing_stillHasHeader() {
        StringWriter out = new StringWriter();
        new FileListTableRenderer(new PrintWriter(out)).finish();
        assertThat(out.toString()).startsWith("MODE");
    }
}
