package dev.containersec.image;

import dev.containersec.api.FileEntry;
import dev.containersec.api.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one walk over an image's layers should do: list the merged view, deliver the contents of files
 * matching some globs, or both, in a single pass over the layers (a second, partial pass only for
 * files reached through links whose bytes lay earlier in the stream).
 *
 * <p>Globs match absolute paths in the merged view: {@code *} and {@code ?} within one path
 * component, {@code **} across any number of components, {@code [abc]} and {@code {a,b}} as in
 * shell globs. Examples: {@code /var/lib/dpkg/status}, {@code /**}{@code /*.jar},
 * {@code /usr/lib/python3*}{@code /**}{@code /METADATA}. A glob without metacharacters is an exact
 * path and is also resolved through symlinks in its ancestors (e.g. {@code /lib/x} where {@code /lib}
 * links to {@code usr/lib}).
 *
 * <pre>{@code
 * FileWalk walk = FileWalk.builder()
 *     .listing(entry -> System.out.println(entry.path()))
 *     .contents(List.of("/etc/passwd", "/**}{@code /*.jar"), (entry, in) -> process(entry, in))
 *     .build();
 * WalkResult result = image.walk(walk);
 * }</pre>
 */
public final class FileWalk {
    private final Optional<Consumer<FileEntry>> listing;
    private final List<String> globs;
    private final Optional<FileContentHandler> contentHandler;
    private final ProgressListener progress;
    private final Optional<Consumer<WalkResult>> completion;

    private FileWalk(Builder b) {
        this.listing = Optional.ofNullable(b.listing);
        this.globs = List.copyOf(b.globs);
        this.contentHandler = Optional.ofNullable(b.contentHandler);
        this.progress = b.progress;
        this.completion = Optional.ofNullable(b.completion);
    }

    /**
     * Starts a builder.
     *
     * @return an empty walk builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the consumer of the merged listing, when one was set. It receives every visible
     * entry, sorted by path, after all layers have been read.
     *
     * @return the listing consumer
     */
    public Optional<Consumer<FileEntry>> listing() {
        return listing;
    }

    /**
     * Returns the globs whose matching files' contents are delivered.
     *
     * @return the globs, possibly empty
     */
    public List<String> globs() {
        return globs;
    }

    /**
     * Returns the handler that receives file contents, when one was set.
     *
     * @return the content handler
     */
    public Optional<FileContentHandler> contentHandler() {
        return contentHandler;
    }

    /**
     * Returns the listener for progress (bytes per layer).
     *
     * @return the progress listener, {@link ProgressListener#NONE} by default
     */
    public ProgressListener progress() {
        return progress;
    }

    /**
     * Returns the callback told when the walk has finished, when one was set.
     *
     * @return the completion callback
     */
    public Optional<Consumer<WalkResult>> completion() {
        return completion;
    }

    /** Builds a {@link FileWalk}. */
    public static final class Builder {
        private Consumer<FileEntry> listing;
        private final List<String> globs = new ArrayList<>();
        private FileContentHandler contentHandler;
        private ProgressListener progress = ProgressListener.NONE;
        private Consumer<WalkResult> completion;

        private Builder() {
        }

        /**
         * Asks for the merged listing.
         *
         * @param consumer receives every visible entry, sorted by path, once all layers are read
         * @return this builder
         */
        public Builder listing(Consumer<FileEntry> consumer) {
            this.listing = Objects.requireNonNull(consumer, "consumer");
            return this;
        }

        /**
         * Asks for the contents of the files matching some globs.
         *
         * @param patterns absolute-path globs (see the class documentation)
         * @param handler receives each matching file with its content
         * @return this builder
         * @throws IllegalArgumentException if a glob is not absolute (does not start with {@code /})
         * @throws IllegalStateException if contents were already requested
         */
        public Builder contents(List<String> patterns, FileContentHandler handler) {
            if (contentHandler != null) {
                throw new IllegalStateException("contents(...) may be set once per walk; pass all globs together");
            }
            for (String p : patterns) {
                if (!p.startsWith("/")) {
                    throw new IllegalArgumentException("glob must be absolute (start with '/'): '" + p + "'");
                }
            }
            this.globs.addAll(patterns);
            this.contentHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Sets a progress listener.
         *
         * @param listener receives {@code (layer description, bytes read, blob size)} as layers are read
         * @return this builder
         */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Asks to be told when the walk has finished: after every layer was read and verified and the
         * contents and listing were delivered, just before {@link Image#walk} returns. Not called when the
         * walk fails. Lets a party that handed its walk to someone else (for example to
         * {@link ImageCataloger#catalog(Image, FileWalk)}) check that it really ran.
         *
         * @param callback receives the walk's result
         * @return this builder
         */
        public Builder onFinish(Consumer<WalkResult> callback) {
            this.completion = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /**
         * Builds the walk.
         *
         * @return the walk
         */
        public FileWalk build() {
            return new FileWalk(this);
        }
    }
}
