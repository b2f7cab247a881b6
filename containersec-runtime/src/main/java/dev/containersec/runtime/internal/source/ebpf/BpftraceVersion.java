package dev.containersec.runtime.internal.source.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bpftrace version, as {@code bpftrace --version} prints it ({@code bpftrace v0.17.0}, or with a
 * suffix such as {@code v0.20.1-dirty}), and the probe dialect it takes.
 *
 * <p>bpftrace 0.18 made {@code args} a structure (pull request 2578): fields are read as
 * {@code args.uid}; {@code args->uid} is kept for compatibility but deprecated. The probes are written in
 * the old form and rewritten to the new one for versions that take it. 0.19.0 is excluded: it rejected
 * {@code args.field} on tracepoints (issue 2771), while the old form still worked there.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 */
record BpftraceVersion(int major, int minor, int patch) implements Comparable<BpftraceVersion> {

    private static final Pattern VERSION = Pattern.compile("(?:^|[^0-9.])v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?");
    private static final Pattern ARROW_ARGS = Pattern.compile("(?<![A-Za-z0-9_.])args->");

    /** Parses the output of {@code bpftrace --version}; empty when it holds no version. */
    static Optional<BpftraceVersion> parse(String text) {
        if (text == null || text.length() > 4096) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new BpftraceVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }

    /** Asks a bpftrace binary its version; empty when it does not answer within five seconds. */
    static Optional<BpftraceVersion> of(Path bpftrace) {
        try {
            Process p = new ProcessBuilder(bpftrace.toString(), "--version").redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return parse(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Tells whether probes should read tracepoint arguments as {@code args.field}. */
    boolean takesDotArgs() {
        BpftraceVersion broken = new BpftraceVersion(0, 19, 0);
        return compareTo(new BpftraceVersion(0, 18, 0)) >= 0 && !equals(broken);
    }

    /** Rewrites a probe program for this version: {@code args->field} to {@code args.field} when it takes those. */
    String dialect(String program) {
        return takesDotArgs() ? ARROW_ARGS.matcher(program).replaceAll("args.") : program;
    }

    @Override
    public int compareTo(BpftraceVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
