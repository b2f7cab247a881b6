package dev.containersec.sbom.internal.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorChecksTest {
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void record_keepsOnlyChecksThatConfirmTheStoredDownloads_andLeavesNoTemporaryFile() throws IOException {
        MirrorChecks.Check go = new MirrorChecks.Check("Go", "http://m/Go/all.zip", "d1", T);
        MirrorChecks.Check npm = new MirrorChecks.Check("npm", "http://m/npm/all.zip", "d2", T);
        MirrorChecks.record(dir, List.of(go, npm), Map.of(
                "mirror.Go.url", "http://m/Go/all.zip", "mirror.Go.fetched_at", "d1",
                "mirror.npm.url", "http://m/npm/all.zip", "mirror.npm.fetched_at", "d2"));
        assertThat(MirrorChecks.read(dir)).containsOnlyKeys("Go", "npm");
        // npm was downloaded again since: its old check no longer confirms anything and is dropped.
        MirrorChecks.Check later = new MirrorChecks.Check("Go", "http://m/Go/all.zip", "d1", T.plusSeconds(60));
        MirrorChecks.record(dir, List.of(later), Map.of(
                "mirror.Go.url", "http://m/Go/all.zip", "mirror.Go.fetched_at", "d1",
                "mirror.npm.url", "http://m/npm/all.zip", "mirror.npm.fetched_at", "d3"));
        assertThat(MirrorChecks.read(dir)).containsExactly(Map.entry("Go", later));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(MirrorChecks.FILE_NAME);
        }
    }

    @Test
    void read_oversizedOrMalformedFile_readsAsNoChecks() throws IOException {
        Path file = dir.resolve(MirrorChecks.FILE_NAME);
        assertThat(MirrorChecks.read(dir)).isEmpty(); // missing
        byte[] big = new byte[(int) MirrorChecks.MAX_BYTES + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        Files.write(file, big);
        assertThat(MirrorChecks.read(dir)).isEmpty();
        Files.writeString(file, "{\"version\": 1, \"checks\": [{\"ecosystem\": \"Go\"}]}");
        assertThat(MirrorChecks.read(dir)).isEmpty();
        Files.write(file, MirrorChecks.write(List.of(new MirrorChecks.Check("Go", "u", "d", T))));
        assertThat(MirrorChecks.read(dir)).containsOnlyKeys("Go");
    }
}
