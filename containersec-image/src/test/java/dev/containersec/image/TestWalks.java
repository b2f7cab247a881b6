package dev.containersec.image;

import dev.containersec.api.FileEntry;
import dev.containersec.api.ScanLimits;
import dev.containersec.api.SkipReason;
import dev.containersec.api.SkippedEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Opens an image and walks it once, collecting the listing, the delivered contents and the result. */
public final class TestWalks {
    private TestWalks() {
    }

    /** One content delivery. */
    public record Delivered(FileEntry entry, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }

        public String path() {
            return entry.path();
        }
    }

    /** What one walk produced. */
    public record Walked(WalkResult result, List<FileEntry> listing, List<Delivered> delivered) {
        public List<String> paths() {
            return listing.stream().map(FileEntry::path).collect(Collectors.toList());
        }

        public List<SkipReason> reasons() {
            return result.skipped().stream().map(SkippedEntry::reason).collect(Collectors.toList());
        }

        public List<String> deliveredPaths() {
            return delivered.stream().map(Delivered::path).collect(Collectors.toList());
        }
    }

    public static Walked walk(String location, String... globs) {
        return walk(location, ScanLimits.defaults(), globs);
    }

    public static Walked walk(String location, ScanLimits limits, String... globs) {
        ImageReader reader = ImageReader.builder().limits(limits).build();
        try (Image image = reader.open(location)) {
            List<FileEntry> listing = new ArrayList<>();
            List<Delivered> delivered = new ArrayList<>();
            FileWalk.Builder b = FileWalk.builder().listing(listing::add);
            if (globs.length > 0) {
                b.contents(List.of(globs), (entry, in) -> delivered.add(new Delivered(entry, in.readAllBytes())));
            }
            WalkResult r = image.walk(b.build());
            return new Walked(r, listing, delivered);
        }
    }
}
