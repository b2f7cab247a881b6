package dev.containersec.image.internal.catalog.lang;

import dev.containersec.api.CatalogContext;
import dev.containersec.api.Cataloger;
import dev.containersec.api.FileEntry;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.ScanLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Go executables: the build information the Go linker writes into ELF binaries (what
 * {@code go version -m} prints). Packages: the main module ({@code mod} line, metadata
 * {@code mainModule=true}), every dependency ({@code dep} lines; a {@code =>} replacement by another
 * module is reported as the replacement, with metadata {@code replaces}; a replacement by a local
 * directory keeps the original path with an empty version and metadata {@code replacedBy}), and the
 * standard library as {@code pkg:golang/stdlib@go1.x.y} (metadata {@code goVersion} holds the full
 * toolchain string). Purls are {@code pkg:golang/module/path@version}.
 *
 * <p>Reading: the ELF magic is checked first; the program headers give the first writable,
 * non-executable {@code PT_LOAD} segment, where the linker puts {@code .go.buildinfo}; the stream is
 * skipped to it and its first 32 MiB at most searched for the 16-byte aligned {@code \xff Go buildinf:}
 * magic (the section starts the segment, or follows {@code .data} in externally linked binaries; Go's
 * {@code debug/buildinfo} finds it through the section headers, which a stream reaches only at its end). Go 1.18+ store the version and module strings inline
 * (varint-prefixed); older toolchains store pointers to string headers. For those, the read-only bytes
 * before the data segment are scanned on the way (for the module-info sentinel and {@code go1.}
 * strings, bounded in number), so the pointers can be resolved without reading backwards. Nothing past
 * the magic's header and strings (at most 1 MiB) is read, except string headers an old binary points to
 * further on.
 *
 * <p>Globs: executables may live anywhere, but matching every file would hand each cataloger the whole
 * image. The globs cover the directories binaries are installed to by package managers, {@code go
 * install}, Dockerfiles and ko ({@code /ko-app}), plus files directly under {@code /} (distroless
 * {@code /manager}, {@code /server}). {@code /usr/lib/**} is deliberately left out (shared libraries).
 */
public final class GoBinaryCataloger implements Cataloger {
    /** The cataloger id. */
    public static final String ID = "go-binary";
    /** The binary directories searched by the Go and Rust binary catalogers. */
    static final List<String> BINARY_GLOBS = List.of("/*", "/bin/*", "/sbin/*", "/usr/bin/*", "/usr/sbin/*",
            "/usr/local/bin/*", "/usr/local/sbin/*", "/usr/libexec/**", "/opt/**", "/app/**", "/go/bin/*",
            "/root/go/bin/*", "/home/*/go/bin/*", "/usr/local/go/bin/*", "/ko-app/*", "/srv/**");
    static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] MOD_START = hex("3077af0c9274080241e1c107e6d618e6");
    static final byte[] MOD_END = hex("f932433186182072008242104116d8f2");
    private static final int SEARCH = 32 << 20;
    private static final int MAX_MODINFO = 1 << 20;
    private static final int MAX_CANDIDATES = 256;

    /** Creates the cataloger. */
    public GoBinaryCataloger() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> globs() {
        return BINARY_GLOBS;
    }

    @Override
    public Session newSession(ScanLimits limits) {
        Objects.requireNonNull(limits, "limits");
        List<Package> packages = new ArrayList<>();
        return new Session() {
            @Override
            public void accept(FileEntry file, InputStream content) throws IOException {
                Optional<BuildInfo> info = read(content);
                info.ifPresent(bi -> packages.addAll(packages(bi, LangSupport.location(file))));
            }

            @Override
            public List<Package> finish(CatalogContext context) {
                return List.copyOf(packages);
            }
        };
    }

    /** The Go version and the module information text, without sentinels. */
    record BuildInfo(String goVersion, String modInfo) {
    }

    /** What the scan of the bytes before the data segment kept for old-format binaries. */
    private static final class Scan {
        final Map<Long, String> versions = new TreeMap<>();
        final Map<Long, byte[]> modinfos = new TreeMap<>();
        long captureStart = -1;
        ByteArrayOutputStream capture;
    }

    /**
     * Reads the build information of an ELF binary.
     *
     * @return the build information, or empty when the stream is not a Go ELF binary
     */
    static Optional<BuildInfo> read(InputStream content) throws IOException {
        Optional<ElfInput> opened = ElfInput.open(content);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ElfInput elf = opened.get();
        ElfInput.Segment data = null;
        for (ElfInput.Segment s : elf.segments) {
            if (s.type() == ElfInput.PT_LOAD && (s.flags() & (ElfInput.PF_X | ElfInput.PF_W)) == ElfInput.PF_W) {
                data = s;
                break;
            }
        }
        if (data == null || data.offset() < elf.position()) {
            return Optional.empty();
        }
        Scan scan = scanTo(elf, data.offset());
        if (elf.position() != data.offset()) {
            return Optional.empty();
        }
        // the linker puts .go.buildinfo at the start of the data segment, or after .data when linking
        // externally (cgo): search the segment at 16-byte aligned file offsets, at most SEARCH bytes
        long segEnd = data.offset() + Math.min(data.filesz(), SEARCH);
        final int chunk = 64 * 1024;
        byte[] seg = null;
        long segVaddr = 0;
        int at = 0;
        while (seg == null && elf.position() < segEnd) {
            long chunkStart = elf.position();
            // end each chunk on a 16-byte boundary so that no aligned magic straddles two chunks
            int want = (int) Math.min(chunk - chunkStart % 16, segEnd - chunkStart);
            byte[] got = elf.readUpTo(want);
            if (got.length == 0) {
                break;
            }
            for (int i = (int) ((16 - chunkStart % 16) % 16); i + MAGIC.length <= got.length; i += 16) {
                if (Arrays.equals(got, i, i + MAGIC.length, MAGIC, 0, MAGIC.length)) {
                    // keep what follows the magic: the header and, for Go 1.18+, the strings themselves
                    ByteArrayOutputStream rest = new ByteArrayOutputStream();
                    rest.write(got, i, got.length - i);
                    rest.write(elf.readUpTo((int) Math.max(0, Math.min(MAX_MODINFO + 64L,
                            data.offset() + data.filesz() - elf.position()))));
                    seg = rest.toByteArray();
                    segVaddr = data.vaddr() + (chunkStart + i - data.offset());
                    break;
                }
            }
            if (got.length < want) {
                break;
            }
        }
        if (seg == null || seg.length < 32) {
            return Optional.empty();
        }
        int ptrSize = seg[at + 14];
        int flags = seg[at + 15];
        if ((flags & 2) != 0) {
            int[] pos = {at + 32};
            String version = varintString(seg, pos);
            String mod = varintString(seg, pos);
            if (version == null) {
                return Optional.empty();
            }
            return Optional.of(new BuildInfo(version, stripSentinels(mod == null ? "" : mod)));
        }
        if ((ptrSize != 4 && ptrSize != 8) || at + 16 + 2 * ptrSize > seg.length) {
            return Optional.empty();
        }
        boolean savedEndian = elf.bigEndian;
        elf.bigEndian = flags != 0;
        long versionPtr = elf.uint(seg, at + 16, ptrSize);
        long modPtr = elf.uint(seg, at + 16 + ptrSize, ptrSize);
        // read the nearer header first: beyond the bytes already read, the stream only goes forward
        boolean versionFirst = Long.compareUnsigned(versionPtr, modPtr) <= 0;
        long[] first = stringHeader(elf, seg, segVaddr, versionFirst ? versionPtr : modPtr, ptrSize);
        long[] second = stringHeader(elf, seg, segVaddr, versionFirst ? modPtr : versionPtr, ptrSize);
        long[] versionHeader = versionFirst ? first : second;
        long[] modHeader = versionFirst ? second : first;
        elf.bigEndian = savedEndian;
        String version = null;
        if (versionHeader != null) {
            long off = elf.offsetOf(versionHeader[0], versionHeader[1]);
            String v = scan.versions.get(off);
            if (v != null && v.length() >= versionHeader[1]) {
                version = v.substring(0, (int) versionHeader[1]);
            }
        }
        String mod = "";
        if (modHeader != null) {
            byte[] m = scan.modinfos.get(elf.offsetOf(modHeader[0], modHeader[1]));
            if (m != null && m.length >= modHeader[1]) {
                mod = stripSentinels(new String(m, 0, (int) modHeader[1], StandardCharsets.UTF_8));
            }
        }
        if (version == null) {
            return Optional.empty();
        }
        return Optional.of(new BuildInfo(version, mod));
    }

    /** Reads a Go string header {data pointer, length} at a virtual address inside the data bytes read. */
    private static long[] stringHeader(ElfInput elf, byte[] seg, long segVaddr, long addr, int ptrSize)
            throws IOException {
        long rel = addr - segVaddr;
        byte[] b = seg;
        int at = (int) rel;
        if (rel < 0 || rel + 2L * ptrSize > seg.length) {
            long off = elf.offsetOf(addr, 2L * ptrSize);
            if (off < 0 || !elf.skipTo(off)) {
                return null;
            }
            b = elf.readUpTo(2 * ptrSize);
            at = 0;
            if (b.length < 2 * ptrSize) {
                return null;
            }
        }
        long ptr = elf.uint(b, at, ptrSize);
        long len = elf.uint(b, at + ptrSize, ptrSize);
        if (len < 0 || len > MAX_MODINFO) {
            return null;
        }
        return new long[] {ptr, len};
    }

    /** Streams up to {@code end}, keeping what old-format binaries point to: module info and version strings. */
    private static Scan scanTo(ElfInput elf, long end) throws IOException {
        Scan scan = new Scan();
        final int overlap = 64;
        byte[] buf = new byte[256 * 1024 + overlap];
        int kept = 0;
        long bufStart = elf.position();
        byte[] go1 = "go1.".getBytes(StandardCharsets.US_ASCII);
        while (elf.position() < end) {
            int n = elf.read(buf, kept, (int) Math.min(buf.length - kept, end - elf.position()));
            if (n <= 0) {
                break;
            }
            int filled = kept + n;
            if (scan.capture != null) {
                scan.capture.write(buf, kept, n);
                finishCapture(scan);
            }
            for (int i = ElfInput.indexOf(buf, 0, filled, MOD_START); i >= 0;
                 i = ElfInput.indexOf(buf, i + 1, filled, MOD_START)) {
                long abs = bufStart + i;
                if (scan.capture == null && !scan.modinfos.containsKey(abs) && scan.modinfos.size() < 4) {
                    scan.captureStart = abs;
                    scan.capture = new ByteArrayOutputStream();
                    scan.capture.write(buf, i, filled - i);
                    finishCapture(scan);
                }
            }
            for (int i = ElfInput.indexOf(buf, 0, filled, go1); i >= 0; i = ElfInput.indexOf(buf, i + 1, filled, go1)) {
                long abs = bufStart + i;
                if (scan.versions.size() < MAX_CANDIDATES && !scan.versions.containsKey(abs) && i + overlap <= filled) {
                    int j = i;
                    while (j < filled && j - i < overlap && buf[j] > ' ' && buf[j] < 0x7f) {
                        j++;
                    }
                    scan.versions.put(abs, new String(buf, i, j - i, StandardCharsets.US_ASCII));
                }
            }
            kept = Math.min(overlap, filled);
            System.arraycopy(buf, filled - kept, buf, 0, kept);
            bufStart += filled - kept;
        }
        if (scan.capture != null) {
            scan.modinfos.put(scan.captureStart, scan.capture.toByteArray());
        }
        return scan;
    }

    private static void finishCapture(Scan scan) {
        byte[] c = scan.capture.toByteArray();
        int e = ElfInput.indexOf(c, MOD_START.length, c.length, MOD_END);
        if (e >= 0 || c.length >= MAX_MODINFO) {
            scan.modinfos.put(scan.captureStart, Arrays.copyOf(c, e >= 0 ? e + MOD_END.length : c.length));
            scan.capture = null;
        }
    }

    private static String varintString(byte[] b, int[] pos) {
        long len = 0;
        int shift = 0;
        int p = pos[0];
        while (true) {
            if (p >= b.length || shift > 35) {
                return null;
            }
            int x = b[p++] & 0xff;
            len |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                break;
            }
            shift += 7;
        }
        if (len > b.length - p) {
            return null;
        }
        pos[0] = p + (int) len;
        return new String(b, p, (int) len, StandardCharsets.UTF_8);
    }

    /** Removes the 16-byte sentinels around module info, as Go's debug/buildinfo does. */
    static String stripSentinels(String mod) {
        if (mod.length() >= 33 && mod.charAt(mod.length() - 17) == '\n') {
            return mod.substring(16, mod.length() - 16);
        }
        return "";
    }

    /** Turns build information into packages. */
    static List<Package> packages(BuildInfo bi, PackageLocation location) {
        List<Package> out = new ArrayList<>();
        String goVersion = bi.goVersion().strip();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("evidence", "go-buildinfo");
        LangSupport.clean(goVersion).ifPresent(v -> common.put("goVersion", v));
        String mainPath = null;
        String[] lines = bi.modInfo().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            if (f[0].equals("path") && f.length >= 2) {
                mainPath = f[1];
            } else if (f[0].equals("build") && f.length >= 2) {
                int eq = f[1].indexOf('=');
                if (eq > 0 && (f[1].startsWith("GOOS=") || f[1].startsWith("GOARCH="))) {
                    common.put(f[1].substring(0, eq).toLowerCase(java.util.Locale.ROOT), f[1].substring(eq + 1));
                }
            }
        }
        if (mainPath != null) {
            LangSupport.clean(mainPath).ifPresent(p -> common.put("mainPath", p));
        }
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            if (!(f[0].equals("mod") || f[0].equals("dep")) || f.length < 3) {
                continue;
            }
            String path = f[1];
            String version = f[2];
            Map<String, String> md = new LinkedHashMap<>(common);
            if (f[0].equals("mod")) {
                md.put("mainModule", "true");
            }
            if (f.length >= 4 && !f[3].isEmpty()) {
                md.put("h1Digest", f[3]);
            }
            if (i + 1 < lines.length && lines[i + 1].startsWith("=>\t")) {
                String[] r = lines[++i].split("\t", -1);
                String rPath = r.length >= 2 ? r[1] : "";
                String rVersion = r.length >= 3 ? r[2] : "";
                if (rPath.startsWith(".") || rPath.startsWith("/") || rVersion.isEmpty() || rVersion.equals("(devel)")) {
                    md.put("replacedBy", rPath);
                    version = "";
                } else {
                    md.put("replaces", path + (version.isEmpty() ? "" : "@" + version));
                    path = rPath;
                    version = rVersion;
                    md.remove("h1Digest");
                    if (r.length >= 4 && !r[3].isEmpty()) {
                        md.put("h1Digest", r[3]);
                    }
                }
            }
            module(path, version, location, md).ifPresent(out::add);
        }
        if (!goVersion.isEmpty()) {
            String stdlib = goVersion.split("\\s+", 2)[0];
            Map<String, String> md = new LinkedHashMap<>(common);
            LangSupport.pkg(ID, "golang", null, "stdlib", stdlib, List.of(), location, md).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Package> module(String path, String version, PackageLocation location,
                                            Map<String, String> md) {
        Optional<String> p = LangSupport.clean(path);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        String v = LangSupport.clean(version).orElse("");
        int slash = p.get().lastIndexOf('/');
        String namespace = slash > 0 ? p.get().substring(0, slash) : null;
        String name = p.get().substring(slash + 1);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return LangSupport.pkg(ID, "golang", namespace, name, v, List.of(), location, md)
                .map(pk -> new Package(p.get(), pk.version(), pk.type(), pk.purl(), pk.licenses(), pk.locations(),
                        pk.foundBy(), pk.metadata(), pk.files()));
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
