package dev.containersec.image;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.ContainerSecException;
import dev.containersec.api.Descriptor;
import dev.containersec.api.FileEntry;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.ProgressListener;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import dev.containersec.api.ScanLimits;
import dev.containersec.api.SkippedEntry;
import dev.containersec.image.internal.GlobSet;
import dev.containersec.image.internal.catalog.FanOut;
import dev.containersec.image.internal.catalog.lang.LanguageCatalogers;
import dev.containersec.image.internal.catalog.os.OsCatalogers;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The front door for building an SBOM of an image: finds its packages with a set of
 * {@link Cataloger}s in <em>one</em> walk over the layers. Immutable and thread-safe: build one,
 * catalog many images (concurrently if you like; each call opens fresh cataloger sessions).
 *
 * <pre>{@code
 * ImageCataloger cataloger = ImageCataloger.create();
 * try (Image image = ImageReader.create().open("oci-archive:app.tar")) {
 *     Sbom sbom = cataloger.catalog(image);
 *     sbom.packages().forEach(p -> System.out.println(p.purl()));
 * }
 * }</pre>
 *
 * <p>How a catalog is made:
 * <ol>
 *   <li>The globs of every cataloger (compiled once, when this object is built) are passed to a single
 *       {@link FileWalk}. Each delivered file goes to the session of every cataloger whose globs match
 *       its path; a file matched by several catalogers is read into memory once when it is at most
 *       8 MiB, and streamed to them in parallel (one thread per extra cataloger, a few chunks
 *       queued each) when larger, so no file size makes the catalog fail or memory grow.
 *       Files deleted by a later layer are never delivered, so they produce no package.</li>
 *   <li>Each session's {@code finish} receives a {@link CatalogContext} with the operating system the
 *       same walk detected.</li>
 *   <li>Language packages (any type other than {@code deb}, {@code rpm}, {@code apk}) whose location is
 *       a file that an OS package lists in {@link Package#files()} are <em>kept</em> and marked with
 *       metadata {@code osOwned=true} and {@code osOwnedBy=<type>:<name>}: the package manager
 *       installed them, so a consumer matching vulnerabilities may prefer the OS package's advisories
 *       and drop these, but nothing the image holds disappears from the SBOM.</li>
 *   <li>Packages are sorted by type, name, version, then first location path and purl; entries the walk
 *       skipped become {@link Sbom#skipped()}.</li>
 * </ol>
 *
 * <p>Errors: a cataloger's {@link dev.containersec.api.InvalidInputException} (a malformed package
 * database) ends the catalog with that exception, as do the walk's own errors; any other runtime
 * exception from a cataloger is wrapped in a {@link ContainerSecException} naming the cataloger.
 */
public final class ImageCataloger {
    /** Files up to this size that several catalogers want are read into memory once; larger ones are streamed. */
    private static final int SHARED_BUFFER_BYTES = 8 << 20;

    private static final Set<String> OS_TYPES = Set.of("deb", "rpm", "apk");

    private final List<Cataloger> catalogers;
    private final List<GlobSet> globSets;
    private final List<String> allGlobs;
    private final ProgressListener progress;
    private final ScanLimits limits;

    private ImageCataloger(Builder b) {
        List<Cataloger> list = b.catalogers != null ? b.catalogers : defaults();
        Map<String, Cataloger> byId = new LinkedHashMap<>();
        List<GlobSet> sets = new ArrayList<>();
        List<String> globs = new ArrayList<>();
        for (Cataloger c : list) {
            Objects.requireNonNull(c, "cataloger");
            String id = Objects.requireNonNull(c.id(), "cataloger id");
            if (byId.putIfAbsent(id, c) != null) {
                throw new IllegalArgumentException("duplicate cataloger id '" + id + "': " + byId.get(id).getClass().getName()
                        + " and " + c.getClass().getName() + "; ids must be unique");
            }
            List<String> g = List.copyOf(c.globs());
            if (g.isEmpty()) {
                throw new IllegalArgumentException("cataloger '" + id + "' declares no globs");
            }
            for (String p : g) {
                if (!p.startsWith("/")) {
                    throw new IllegalArgumentException("cataloger '" + id + "' has a glob that is not absolute: '" + p + "'");
                }
            }
            try {
                sets.add(new GlobSet(g));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cataloger '" + id + "' has a bad glob: " + e.getMessage(), e);
            }
            globs.addAll(g);
        }
        this.catalogers = List.copyOf(byId.values());
        this.globSets = List.copyOf(sets);
        this.allGlobs = List.copyOf(globs);
        this.progress = b.progress;
        this.limits = b.limits;
    }

    /**
     * Returns a cataloger with the defaults: the built-in OS and language catalogers plus every
     * {@code dev.containersec.api.Cataloger} provider {@link ServiceLoader} finds.
     *
     * @return a default cataloger
     * @throws IllegalArgumentException if two catalogers share an id
     */
    public static ImageCataloger create() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the default catalogers: {@code OsCatalogers.all()} (dpkg, apk, rpm), the built-in
     * language catalogers, then the providers {@link ServiceLoader} finds on the module and class path.
     *
     * @return the default catalogers, in that order
     * @throws ContainerSecException if a provider cannot be loaded
     */
    public static List<Cataloger> defaultCatalogers() {
        return defaults();
    }

    private static List<Cataloger> defaults() {
        List<Cataloger> out = new ArrayList<>(OsCatalogers.all());
        out.addAll(LanguageCatalogers.all());
        try {
            for (Cataloger c : ServiceLoader.load(Cataloger.class)) {
                out.add(c);
            }
        } catch (ServiceConfigurationError e) {
            throw new ContainerSecException("cannot load a dev.containersec.api.Cataloger provider: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Returns the ids of the catalogers in use, in order.
     *
     * @return the ids
     */
    public List<String> catalogerIds() {
        return catalogers.stream().map(Cataloger::id).toList();
    }

    /**
     * Returns the limits handed to each cataloger session.
     *
     * @return the limits
     */
    public ScanLimits limits() {
        return limits;
    }

    /**
     * Catalogs an image in one walk over its layers.
     *
     * @param image the opened image
     * @return the SBOM: subject (location, digests, platform, OS, layers), packages, skipped entries
     * @throws dev.containersec.api.InvalidInputException if a layer or a package database is malformed or hostile
     * @throws dev.containersec.api.DigestMismatchException if a blob does not match its digest
     * @throws LimitExceededException if a bound is hit
     */
    public Sbom catalog(Image image) {
        return catalogWith(image, Optional.empty());
    }

    /**
     * Catalogs an image and, in the same single walk over its layers, serves another walk, so that a
     * caller who needs both (a policy check reading the image's files, say) reads every layer once.
     * {@code alongside}'s listing consumer receives the merged listing, its content handler the files
     * matching its globs, its progress listener the per-layer byte counts (besides this cataloger's
     * listener) and its completion callback the walk's result. A file that both it and a cataloger want
     * is read from the layer once and handed to each, as between catalogers (see the class
     * documentation); its handler's exceptions end the catalog as they would end its own walk.
     *
     * <p>The SBOM is the one {@link #catalog(Image)} returns, and {@code alongside} receives what
     * {@code image.walk(alongside)} would deliver. One difference: a link matched only by
     * {@code alongside}'s globs that cannot be resolved is not listed in {@link Sbom#skipped()} (it is
     * not the SBOM's business), but it does count against {@code ScanLimits.maxSkipsListed()}.
     *
     * @param image the opened image
     * @param alongside the other walk's listing, globs and handlers
     * @return the SBOM, as {@link #catalog(Image)} makes it
     * @throws dev.containersec.api.InvalidInputException if a layer or a package database is malformed or hostile
     * @throws dev.containersec.api.DigestMismatchException if a blob does not match its digest; whatever
     *     {@code alongside} received must then be discarded
     * @throws LimitExceededException if a bound is hit
     */
    public Sbom catalog(Image image, FileWalk alongside) {
        return catalogWith(image, Optional.of(Objects.requireNonNull(alongside, "alongside")));
    }

    private Sbom catalogWith(Image image, Optional<FileWalk> alongside) {
        Objects.requireNonNull(image, "image");
        List<Cataloger.Session> sessions = new ArrayList<>(catalogers.size());
        for (Cataloger c : catalogers) {
            sessions.add(Objects.requireNonNull(c.newSession(limits), "session of " + c.id()));
        }
        Optional<GlobSet> otherGlobs = alongside.filter(w -> !w.globs().isEmpty()).map(w -> new GlobSet(w.globs()));
        Optional<FileContentHandler> otherHandler = alongside.flatMap(FileWalk::contentHandler);
        // Files several readers want are streamed to them in parallel (see FanOut); the threads live
        // for this call only.
        ExecutorService fanOut = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "containersec-catalog-fanout");
            t.setDaemon(true);
            return t;
        });
        WalkResult result;
        try {
            List<String> globs = new ArrayList<>(allGlobs);
            alongside.ifPresent(w -> globs.addAll(w.globs()));
            FileWalk.Builder walk = FileWalk.builder()
                    .contents(globs, (entry, in) -> dispatch(sessions, entry, in, fanOut,
                            otherGlobs.isPresent() && otherGlobs.get().matches(entry.path())
                                    ? otherHandler : Optional.empty()))
                    .progress(progress);
            if (alongside.isPresent()) {
                FileWalk other = alongside.get();
                other.listing().ifPresent(walk::listing);
                other.completion().ifPresent(walk::onFinish);
                ProgressListener theirs = other.progress();
                if (theirs != ProgressListener.NONE) {
                    walk.progress((what, done, total) -> {
                        progress.progress(what, done, total);
                        theirs.progress(what, done, total);
                    });
                }
            }
            result = image.walk(walk.build());
        } finally {
            fanOut.shutdownNow();
        }
        CatalogContext context = new CatalogContext(result.os(), limits);
        List<Package> packages = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            String id = catalogers.get(i).id();
            progress.progress("catalog " + id, i, sessions.size());
            try {
                packages.addAll(sessions.get(i).finish(context));
            } catch (ContainerSecException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ContainerSecException("cataloger '" + id + "' failed: " + e, e);
            }
        }
        progress.progress("catalog", sessions.size(), sessions.size());
        List<Package> marked = markOsOwned(packages);
        marked.sort(ORDER);
        SbomSubject subject = new SbomSubject(image.location().toString(), image.manifest().digest(),
                Optional.of(image.manifest().config().digest()), Optional.of(image.config().platform()), result.os(),
                image.layers().stream().map(Descriptor::digest).toList());
        List<SkippedEntry> skipped = new ArrayList<>();
        for (SkippedEntry s : result.skipped()) {
            if (otherGlobs.isEmpty() || !onlyTheirs(s, otherGlobs.get())) {
                skipped.add(s);
            }
        }
        for (Cataloger.Session session : sessions) {
            skipped.addAll(session.skipped());
        }
        return new Sbom(subject, marked, skipped);
    }

    /** Whether a skip came from resolving a link that only the other walk's globs matched. */
    private boolean onlyTheirs(SkippedEntry s, GlobSet theirs) {
        if (!s.where().equals(GlobSet.MERGED_VIEW) || !theirs.matches(s.path())) {
            return false;
        }
        for (GlobSet mine : globSets) {
            if (mine.matches(s.path())) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(List<Cataloger.Session> sessions, FileEntry entry, InputStream in, ExecutorService fanOut,
                          Optional<FileContentHandler> other) throws IOException {
        List<FanOut.Reader> wanting = new ArrayList<>(2);
        for (int i = 0; i < globSets.size(); i++) {
            if (globSets.get(i).matches(entry.path())) {
                int index = i;
                wanting.add(copy -> accept(index, sessions.get(index), entry, copy));
            }
        }
        other.ifPresent(h -> wanting.add(copy -> h.accept(entry, copy)));
        if (wanting.isEmpty()) {
            return;
        }
        if (wanting.size() == 1) {
            wanting.get(0).read(new NonClosing(in));
            return;
        }
        if (entry.size() <= SHARED_BUFFER_BYTES) {
            byte[] bytes = in.readNBytes((int) entry.size() + 1);
            for (FanOut.Reader r : wanting) {
                r.read(new ByteArrayInputStream(bytes));
            }
            return;
        }
        FanOut.deliver(new NonClosing(in), wanting, fanOut);
    }

    private void accept(int i, Cataloger.Session session, FileEntry entry, InputStream in) throws IOException {
        try {
            session.accept(entry, in);
        } catch (ContainerSecException | IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContainerSecException("cataloger '" + catalogers.get(i).id() + "' failed on " + entry.path()
                    + ": " + e, e);
        }
    }

    /** Marks language packages whose location file an OS package owns. */
    private static List<Package> markOsOwned(List<Package> packages) {
        Map<String, Package> owner = new HashMap<>();
        for (Package p : packages) {
            if (OS_TYPES.contains(p.type())) {
                for (String f : p.files()) {
                    owner.putIfAbsent(f, p);
                }
            }
        }
        List<Package> out = new ArrayList<>(packages.size());
        for (Package p : packages) {
            Package o = OS_TYPES.contains(p.type()) || owner.isEmpty() ? null : ownerOf(p, owner);
            out.add(o == null ? p : p.withMetadata(Map.of("osOwned", "true", "osOwnedBy", o.type() + ":" + o.name())));
        }
        return out;
    }

    private static Package ownerOf(Package p, Map<String, Package> owner) {
        for (PackageLocation loc : p.locations()) {
            String path = loc.path();
            int bang = path.indexOf('!');
            Package o = owner.get(bang < 0 ? path : path.substring(0, bang));
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    private static final Comparator<Package> ORDER = Comparator.comparing(Package::type)
            .thenComparing(Package::name)
            .thenComparing(Package::version)
            .thenComparing(p -> p.locations().isEmpty() ? "" : p.locations().get(0).path())
            .thenComparing(p -> p.purl().toString());

    /** Hides {@code close()} from catalogers: the walk owns the stream. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /** Builds an {@link ImageCataloger}. */
    public static final class Builder {
        private List<Cataloger> catalogers;
        private ProgressListener progress = ProgressListener.NONE;
        private ScanLimits limits = ScanLimits.defaults();

        private Builder() {
        }

        /**
         * Uses exactly these catalogers instead of the defaults (combine with
         * {@link ImageCataloger#defaultCatalogers()} to add to them).
         *
         * @param catalogers the catalogers; ids must be unique
         * @return this builder
         */
        public Builder catalogers(List<? extends Cataloger> catalogers) {
            this.catalogers = List.copyOf(Objects.requireNonNull(catalogers, "catalogers"));
            return this;
        }

        /**
         * Sets a progress listener: it receives the walk's per-layer byte counts, then
         * {@code ("catalog <id>", i, n)} as each cataloger finishes.
         *
         * @param listener the listener, {@link ProgressListener#NONE} by default
         * @return this builder
         */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the limits given to each cataloger session (document sizes, nested archives). The walk
         * itself is bounded by the limits of the {@link ImageReader} that opened the image.
         *
         * @param limits the limits, {@link ScanLimits#defaults()} by default
         * @return this builder
         */
        public Builder limits(ScanLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Builds the cataloger, loading the default catalogers when none were set.
         *
         * @return the cataloger
         * @throws IllegalArgumentException if two catalogers share an id (naming it), or a cataloger
         *     declares no globs or a malformed one
         */
        public ImageCataloger build() {
            return new ImageCataloger(this);
        }
    }
}
