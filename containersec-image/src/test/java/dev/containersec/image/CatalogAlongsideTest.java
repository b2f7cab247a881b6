package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.FileEntry;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.Platform;
import dev.containersec.api.Sbom;
import dev.containersec.api.SkipReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageCataloger#catalog(Image, FileWalk)}: one walk over the layers makes the same SBOM as
 * {@link ImageCataloger#catalog(Image)} and hands the other walk what {@code image.walk} would have handed it:
 * listing, contents (also of files a cataloger wants too, small and larger than the 8 MiB shared buffer, and
 * of a reader that stops early), links, progress and completion.
 */
class CatalogAlongsideTest {
    /** What a policy's file rules would ask for, overlapping the catalogers' {@code /**}{@code /*}. */
    private static final List<String> GLOBS = List.of("/**/*.pem", "/**/*.key", "/**/id_rsa",
            "/**/node_modules/*/package.json");
    private static final int HEAD = 1 << 20;

    @TempDir
    static Path dir;
    static String location;

    @BeforeAll
    static void buildImage() {
        byte[] big = new byte[9 << 20];
        Arrays.fill(big, (byte) 'k');
        byte[] header = "-----BEGIN PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, big, 0, header.length);
        byte[] base = TestTar.build(t -> t
                .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                .file("app/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}")
                .file("app/keys/server.pem", "-----BEGIN PRIVATE KEY-----\nabc\n")
                .file("app/keys/big.key", big)
                .file("etc/ssl/private/other.pem", "-----BEGIN PRIVATE KEY-----\nother\n")
                .file("root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n")
                .symlink("app/link.pem", "keys/server.pem")
                .symlink("etc/ssl/missing.pem", "nowhere.pem"));
        byte[] top = TestTar.build(t -> t
                .file("app/node_modules/is-even/package.json", "{\"name\":\"is-even\",\"version\":\"1.0.0\"}")
                .file("root/.ssh/.wh.id_rsa", "")
                .file("app/keys/server.pem", "-----BEGIN PRIVATE KEY-----\nnewer\n"));
        location = TestImages.oci().layer(base).layer(top).write(dir).location();
    }

    /** Records what a walk delivers: each file's entry and the digest of what the reader read. */
    private static final class Recorder {
        final List<String> contents = new ArrayList<>();
        final List<String> listing = new ArrayList<>();
        final List<WalkResult> finished = new ArrayList<>();
        final AtomicInteger progress = new AtomicInteger();

        FileWalk walk() {
            return FileWalk.builder()
                    .listing(e -> listing.add(describe(e)))
                    .contents(GLOBS, (entry, in) -> {
                        // Like the image-hardening rules: read at most 1 MiB, leave the rest.
                        String read = sha256(in.readNBytes(HEAD));
                        synchronized (contents) {
                            contents.add(describe(entry) + " " + read);
                        }
                    })
                    .progress((what, done, total) -> progress.incrementAndGet())
                    .onFinish(finished::add)
                    .build();
        }
    }

    private static String describe(FileEntry e) {
        return e.path() + " " + e.type() + " " + e.octalMode() + " " + e.size() + " " + e.linkTarget().orElse("-")
                + " layer " + e.layerIndex() + " " + e.layerDigest();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void catalogAlongside_makesTheSameSbom_andGivesTheOtherWalkWhatItsOwnWalkWould() {
        ImageCataloger cataloger = ImageCataloger.create();
        Recorder alone = new Recorder();
        Recorder shared = new Recorder();
        Sbom plain;
        Sbom combined;
        WalkResult aloneResult;
        try (Image image = ImageReader.create().open(location)) {
            plain = cataloger.catalog(image);
            aloneResult = image.walk(alone.walk());
            combined = cataloger.catalog(image, shared.walk());
        }

        assertThat(combined).isEqualTo(plain);
        assertThat(plain.packages()).extracting(p -> p.name()).containsExactly("is-even", "left-pad");
        assertThat(shared.listing).isEqualTo(alone.listing).isNotEmpty();
        assertThat(shared.contents).containsExactlyInAnyOrderElementsOf(alone.contents);
        assertThat(alone.contents).anyMatch(c -> c.startsWith("/app/keys/big.key "))
                .anyMatch(c -> c.startsWith("/app/link.pem REGULAR"))
                .anyMatch(c -> c.startsWith("/etc/ssl/private/other.pem "))
                .anyMatch(c -> c.startsWith("/app/node_modules/left-pad/package.json "))
                .noneMatch(c -> c.startsWith("/root/.ssh/id_rsa "));
        assertThat(shared.finished).hasSize(1);
        assertThat(alone.finished).containsExactly(aloneResult);
        assertThat(shared.progress.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void catalogAlongside_aDanglingLinkOnlyTheOtherWalkMatched_isNotAnSbomSkip() {
        // No cataloger glob matches /etc/ssl/missing.pem (the binary catalogers look in /app/**, not /etc).
        ImageCataloger narrow = ImageCataloger.create();
        Recorder alone = new Recorder();
        Sbom plain;
        Sbom combined;
        WalkResult aloneResult;
        try (Image image = ImageReader.create().open(location)) {
            aloneResult = image.walk(alone.walk());
            plain = narrow.catalog(image);
            combined = narrow.catalog(image, new Recorder().walk());
        }

        assertThat(aloneResult.skipped()).anySatisfy(s -> {
            assertThat(s.path()).isEqualTo("/etc/ssl/missing.pem");
            assertThat(s.reason()).isEqualTo(SkipReason.LINK_TARGET_MISSING);
        });
        assertThat(combined).isEqualTo(plain);
        assertThat(combined.skipped()).noneMatch(s -> s.path().equals("/etc/ssl/missing.pem"));
    }

    @Test
    void catalogAlongside_readsTheLayersInOneWalk() {
        Recorder shared = new Recorder();
        try (CountingImage image = new CountingImage(ImageReader.create().open(location))) {
            ImageCataloger.create().catalog(image, shared.walk());
            assertThat(image.walks.get()).isEqualTo(1);

            ImageCataloger.create().catalog(image);
            image.walk(new Recorder().walk());
            assertThat(image.walks.get()).as("the two-walk way, for contrast").isEqualTo(3);
        }
        assertThat(shared.finished).hasSize(1);
    }

    @Test
    void catalogAlongside_anEmptyOtherWalk_changesNothing() {
        try (Image image = ImageReader.create().open(location)) {
            assertThat(ImageCataloger.create().catalog(image, FileWalk.builder().build()))
                    .isEqualTo(ImageCataloger.create().catalog(image));
        }
    }

    @Test
    void catalogAlongside_theOtherHandlersFailure_endsTheCatalog() {
        FileWalk failing = FileWalk.builder().contents(List.of("/**/*.key"), (entry, in) -> {
            throw new IOException("cannot judge " + entry.path());
        }).build();
        try (Image image = ImageReader.create().open(location)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageCataloger.create().catalog(image, failing))
                    .hasMessageContaining("cannot judge /app/keys/big.key");
        }
    }

    /** A real image that counts the walks over its layers. */
    private static final class CountingImage implements Image {
        final Image image;
        final AtomicInteger walks = new AtomicInteger();

        CountingImage(Image image) {
            this.image = image;
        }

        @Override
        public ImageLocation location() {
            return image.location();
        }

        @Override
        public List<Platform> availablePlatforms() {
            return image.availablePlatforms();
        }

        @Override
        public ImageManifest manifest() {
            return image.manifest();
        }

        @Override
        public Optional<Digest> resolvedDigest() {
            return image.resolvedDigest();
        }

        @Override
        public ImageConfig config() {
            return image.config();
        }

        @Override
        public List<Descriptor> layers() {
            return image.layers();
        }

        @Override
        public WalkResult walk(FileWalk walk) {
            walks.incrementAndGet();
            return image.walk(walk);
        }

        @Override
        public void close() {
            image.close();
        }
    }
}
