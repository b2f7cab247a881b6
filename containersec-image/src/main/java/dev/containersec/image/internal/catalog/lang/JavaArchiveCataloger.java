package dev.containersec.image.internal.catalog.lang;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.ContainerSecException;
import dev.containersec.api.FileEntry;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.Messages;
import dev.containersec.image.internal.Streams;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Java archives ({@code .jar .war .ear .jpi .hpi .par}), including archives nested in them at any depth
 * within {@link ScanLimits#maxNestedArchiveDepth()} (Spring Boot {@code BOOT-INF/lib}, {@code WEB-INF/lib},
 * EAR modules), read with {@link ZipInputStream} straight from the delivered stream: no temporary files,
 * nested archives read from the outer stream as they pass.
 *
 * <p>Identity, in order of trust, recorded in metadata {@code evidence}:
 * <ol>
 *   <li>{@code pom.properties}: each {@code META-INF/maven/G/A/pom.properties} is a package
 *       {@code pkg:maven/G/A@V}; a shaded jar therefore yields one package per embedded pom, plus its own
 *       identity (from the manifest or file name) when no embedded pom matches the archive's file name;</li>
 *   <li>{@code manifest}: {@code Implementation-Version}/{@code Bundle-Version}, with the name from the
 *       file name, else {@code Bundle-SymbolicName} or {@code Implementation-Title}, and the group from
 *       {@code Implementation-Vendor-Id}, else the artifact name (as SCALIBR does for legacy jars);</li>
 *   <li>{@code filename}: {@code name-1.2.3.jar}.</li>
 * </ol>
 * Every package carries the archive's SHA-1 in metadata {@code sha1} (shaded members share the outer
 * archive's digest), omitted when the archive could not be read to its end.
 *
 * <p>Hostile input: entries per archive are bounded by {@link ScanLimits#maxEntriesPerLayer()}; inflated
 * bytes (all levels together) by {@link ScanLimits#maxCompressionRatio()} times the archive's own bytes once
 * past {@link ScanLimits#RATIO_GRACE_BYTES}, and by {@link ScanLimits#maxLayerBytes()}; nesting by
 * {@link ScanLimits#maxNestedArchiveDepth()}; bytes read from nested archives (each level counted, so a
 * quine-like archive that contains itself is bounded) by {@link ScanLimits#maxNestedBytes()} per session.
 * A bound that is hit is a recorded skip, never an exception: a nested archive too deep or beyond the byte
 * budget is not read (what {@link dev.containersec.api.SkipReason#NESTED_ARCHIVE_LIMIT} names), other bounds
 * stop the affected archive; either way the containing archive's packages carry metadata {@code skipped}
 * ({@code LIMIT: detail; ...}, LIMIT a {@link ScanLimits.Limit} name such as {@code NESTED_ARCHIVE_DEPTH},
 * {@code NESTED_BYTES}, {@code COMPRESSION_RATIO}, {@code ENTRIES_PER_LAYER}; at most ten listed) and
 * {@code skippedCount}. A file that is not a zip archive at all (an empty
 * placeholder {@code .jar}, say) yields no package, as a non-ELF file yields none to the binary catalogers;
 * one that is damaged part-way keeps what was read and records metadata {@code error}.
 */
public final class JavaArchiveCataloger implements Cataloger {
    /** The cataloger id. */
    public static final String ID = "java-archive";
    private static final List<String> EXTENSIONS = List.of(".jar", ".war", ".ear", ".jpi", ".hpi", ".par");
    private static final int MAX_POM_PROPERTIES_BYTES = 64 * 1024;
    private static final int MAX_MANIFEST_BYTES = 1 << 20;
    private static final int MAX_NOTES = 10;
    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");
    private static final Pattern NAME_VERSION = Pattern.compile("(.+?)-(\\d[\\w.+\\-]*)");

    /** Creates the cataloger. */
    public JavaArchiveCataloger() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> globs() {
        return EXTENSIONS.stream().map(e -> "/**/*" + e).toList();
    }

    @Override
    public Session newSession(ScanLimits limits) {
        return new JarSession(Objects.requireNonNull(limits, "limits"));
    }

    /** Whether an entry or file name has a Java archive extension. */
    static boolean isArchiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) {
            if (lower.endsWith(e) && lower.length() > e.length() && lower.charAt(lower.length() - e.length() - 1) != '/') {
                return true;
            }
        }
        return false;
    }

    /** Stops reading one archive because a bound was hit; caught by the archive it belongs to. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final ScanLimits.Limit limit;

        Stop(ScanLimits.Limit limit, String message) {
            super(message, null, false, false);
            this.limit = limit;
        }
    }

    /** Counts what one top-level archive made us inflate, against its own bytes. */
    private static final class Budget {
        long raw;
        long inflated;
    }

    private static final class JarSession implements Session {
        private final ScanLimits limits;
        private final List<Package> packages = new ArrayList<>();
        private final byte[] scratch = new byte[64 * 1024];
        private long nestedBytes;

        JarSession(ScanLimits limits) {
            this.limits = limits;
        }

        @Override
        public void accept(FileEntry file, InputStream content) throws IOException {
            Budget budget = new Budget();
            InputStream counted = new FilterInputStream(content) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        budget.raw++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        budget.raw += n;
                    }
                    return n;
                }

                @Override
                public void close() {
                    // the walk owns the stream
                }
            };
            Archive top = read(counted, file.path(), 0, budget, file);
            packages.addAll(top.packages);
        }

        @Override
        public List<Package> finish(CatalogContext context) {
            return List.copyOf(packages);
        }

        /** What reading one archive (and what it nests) produced. */
        private static final class Archive {
            final List<Package> packages = new ArrayList<>();
            final List<String> notes = new ArrayList<>();
            int noteCount;
            long entries;
            String error;
            boolean incomplete;

            void note(ScanLimits.Limit limit, String detail) {
                noteCount++;
                if (notes.size() < MAX_NOTES) {
                    notes.add(limit.name() + ": " + detail);
                }
            }
        }

        private Archive read(InputStream raw, String path, int depth, Budget budget, FileEntry file) {
            Archive a = new Archive();
            MessageDigest sha1 = sha1();
            InputStream hashed = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        sha1.update((byte) b);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        sha1.update(b, off, n);
                    }
                    return n;
                }

                @Override
                public void close() {
                    // the outer stream belongs to the caller
                }
            };
            List<Properties> poms = new ArrayList<>();
            List<String> pomPaths = new ArrayList<>();
            Manifest manifest = null;
            List<Package> nested = new ArrayList<>();
            try (ZipInputStream zip = new ZipInputStream(hashed, StandardCharsets.ISO_8859_1)) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    if (++a.entries > limits.maxEntriesPerLayer()) {
                        throw new Stop(ScanLimits.Limit.ENTRIES_PER_LAYER, "more than " + limits.maxEntriesPerLayer() + " entries (maxEntriesPerLayer)");
                    }
                    if (e.isDirectory()) {
                        continue;
                    }
                    String name = e.getName();
                    if (POM_PROPERTIES.matcher(name).matches()) {
                        Properties p = properties(readSmall(zip, MAX_POM_PROPERTIES_BYTES, budget));
                        if (p != null) {
                            poms.add(p);
                            pomPaths.add(name);
                        }
                    } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF") && manifest == null) {
                        manifest = manifest(readSmall(zip, MAX_MANIFEST_BYTES, budget));
                    } else if (isArchiveName(name)) {
                        String inner = path + "!/" + printable(name);
                        if (depth + 1 > limits.maxNestedArchiveDepth()) {
                            a.note(ScanLimits.Limit.NESTED_ARCHIVE_DEPTH, inner + " nested deeper than maxNestedArchiveDepth "
                                    + limits.maxNestedArchiveDepth());
                        } else if (nestedBytes >= limits.maxNestedBytes()) {
                            a.note(ScanLimits.Limit.NESTED_BYTES, inner + " not read: maxNestedBytes "
                                    + limits.maxNestedBytes() + " used up");
                        } else {
                            Archive child = read(nestedStream(zip, budget), inner, depth + 1, budget, file);
                            nested.addAll(child.packages);
                        }
                    }
                    drain(zip, budget);
                }
                // the central directory and anything after it: read so the SHA-1 covers the whole file
                drainRaw(hashed);
            } catch (Stop s) {
                a.incomplete = true;
                a.note(s.limit, path + ": " + s.getMessage());
            } catch (ContainerSecException x) {
                throw x;
            } catch (IOException | RuntimeException x) {
                // ZipException, EOFException, IllegalArgumentException on bad entry names: a damaged archive
                a.incomplete = true;
                a.error = x.getClass().getSimpleName() + ": " + Messages.firstLine(String.valueOf(x.getMessage()));
            }
            if (a.entries == 0) {
                // not a zip archive: nothing to identify (at the top level the caller reports it)
                if (a.error == null) {
                    a.error = "no zip entries";
                }
                return a;
            }
            String sha = a.incomplete ? null : HexFormat.of().formatHex(sha1.digest());
            PackageLocation location = LangSupport.location(file, path);
            a.packages.addAll(identify(path, poms, pomPaths, manifest, location, sha, a));
            a.packages.addAll(nested);
            return a;
        }

        /** A nested archive's bytes: the current entry of the outer zip, counted against the nested budget. */
        private InputStream nestedStream(ZipInputStream zip, Budget budget) {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    return Streams.readOne(this);
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (nestedBytes >= limits.maxNestedBytes()) {
                        throw new Stop(ScanLimits.Limit.NESTED_BYTES, "maxNestedBytes " + limits.maxNestedBytes() + " used up");
                    }
                    int n = zip.read(b, off, (int) Math.min(len, limits.maxNestedBytes() - nestedBytes));
                    if (n > 0) {
                        nestedBytes += n;
                        inflated(budget, n);
                    }
                    return n;
                }
            };
        }

        private byte[] readSmall(ZipInputStream zip, int max, Budget budget) throws IOException {
            byte[] data = zip.readNBytes(max);
            inflated(budget, data.length);
            return data;
        }

        private void drain(ZipInputStream zip, Budget budget) throws IOException {
            int n;
            while ((n = zip.read(scratch, 0, scratch.length)) > 0) {
                inflated(budget, n);
            }
        }

        /** Reads the rest of an archive's own bytes (nested ones are counted by {@link #nestedStream}). */
        private void drainRaw(InputStream in) throws IOException {
            while (in.read(scratch, 0, scratch.length) >= 0) {
                // only the digest needs these bytes
            }
        }

        private void inflated(Budget budget, long n) {
            budget.inflated += n;
            if (budget.inflated > ScanLimits.RATIO_GRACE_BYTES
                    && budget.inflated > Math.max(1, budget.raw) * limits.maxCompressionRatio()) {
                throw new Stop(ScanLimits.Limit.COMPRESSION_RATIO, "inflated " + budget.inflated + " bytes from " + budget.raw
                        + ", over maxCompressionRatio " + limits.maxCompressionRatio());
            }
            if (budget.inflated > limits.maxLayerBytes()) {
                throw new Stop(ScanLimits.Limit.LAYER_BYTES, "inflated more than maxLayerBytes " + limits.maxLayerBytes());
            }
        }

        private List<Package> identify(String path, List<Properties> poms, List<String> pomPaths, Manifest manifest,
                                       PackageLocation location, String sha, Archive a) {
            Map<String, String> common = new LinkedHashMap<>();
            if (sha != null) {
                common.put("sha1", sha);
            }
            if (a.noteCount > 0) {
                common.put("skipped", String.join("; ", a.notes));
                common.put("skippedCount", Long.toString(a.noteCount));
            }
            if (a.error != null) {
                common.put("error", a.error);
            }
            String base = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
            int dot = base.lastIndexOf('.');
            String stem = dot > 0 ? base.substring(0, dot) : base;
            String fileName = stem;
            String fileVersion = "";
            Matcher m = NAME_VERSION.matcher(stem);
            if (m.matches()) {
                fileName = m.group(1);
                fileVersion = m.group(2);
            }
            List<Package> out = new ArrayList<>();
            boolean ownFound = false;
            for (int i = 0; i < poms.size(); i++) {
                Properties p = poms.get(i);
                Matcher pm = POM_PROPERTIES.matcher(pomPaths.get(i));
                pm.matches();
                String group = LangSupport.clean(p.getProperty("groupId")).orElse(pm.group(1));
                String artifact = LangSupport.clean(p.getProperty("artifactId")).orElse(pm.group(2));
                String version = LangSupport.clean(p.getProperty("version")).orElse("");
                if (artifact.equals(fileName) || artifact.equals(stem)) {
                    ownFound = true;
                }
                Map<String, String> md = new LinkedHashMap<>(common);
                md.put("evidence", "pom.properties");
                md.put("pomProperties", printable(pomPaths.get(i)));
                LangSupport.pkg(ID, "maven", group, artifact, version, List.of(), location, md).ifPresent(out::add);
            }
            if (poms.size() == 1) {
                ownFound = true;
            }
            if (!ownFound) {
                Map<String, String> md = new LinkedHashMap<>(common);
                String name = fileName;
                String version = fileVersion;
                String group = null;
                String evidence = "filename";
                if (manifest != null) {
                    Attributes at = manifest.getMainAttributes();
                    String symbolic = attr(at, "Bundle-SymbolicName").map(s -> s.split(";", 2)[0].strip()).orElse(null);
                    if (!m.matches()) {
                        // no version in the file name: the name is likely generic (app.jar); the manifest knows better
                        name = Optional.ofNullable(symbolic).or(() -> attr(at, "Implementation-Title")).orElse(name);
                    }
                    Optional<String> mv = attr(at, "Implementation-Version").or(() -> attr(at, "Bundle-Version"))
                            .or(() -> attr(at, "Specification-Version"));
                    if (mv.isPresent()) {
                        version = mv.get();
                        evidence = "manifest";
                    }
                    group = attr(at, "Implementation-Vendor-Id").orElse(null);
                    attr(at, "Implementation-Vendor").or(() -> attr(at, "Bundle-Vendor")).ifPresent(v -> md.put("vendor", v));
                }
                if (!name.isEmpty()) {
                    md.put("evidence", evidence);
                    LangSupport.pkg(ID, "maven", group == null ? name : group, name, version, List.of(), location, md)
                            .ifPresent(out::add);
                }
            }
            return out;
        }
    }

    private static Optional<String> attr(Attributes at, String name) {
        try {
            return LangSupport.clean(at.getValue(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Properties properties(byte[] data) {
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(data));
            return p;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Manifest manifest(byte[] data) {
        try {
            return new Manifest(new ByteArrayInputStream(data));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Replaces control characters so that an entry name is safe to show. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-1", e);
        }
    }
}
