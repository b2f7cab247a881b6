package dev.containersec.runtime.internal.source.ebpf;

import dev.containersec.api.ContainerSecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled bpftrace probe programs, one resource per group of events, and the program assembled from
 * the groups whose tracepoints this kernel has. Each resource starts with a {@code // requires:} line
 * naming its tracepoints ({@code category/name} under tracefs' {@code events/}).
 */
final class ProbeProgram {

    /** Every group, in the order they are assembled. */
    static final List<String> GROUPS = List.of("exec", "exit", "open", "connect", "accept", "listen", "setuid",
            "capset", "ptrace", "init_module", "finit_module");

    private final String text;
    private final List<String> included;
    private final List<String> skipped;

    private ProbeProgram(String text, List<String> included, List<String> skipped) {
        this.text = text;
        this.included = List.copyOf(included);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Assembles the program from the requested groups whose tracepoints exist under {@code events}.
     *
     * @param groups the groups wanted, from {@link #GROUPS}
     * @param events tracefs' {@code events} directory
     */
    static ProbeProgram assemble(List<String> groups, Path events) {
        StringBuilder program = new StringBuilder();
        List<String> included = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String group : groups) {
            String source = resource(group);
            if (requirementsMet(source, events)) {
                program.append(source.replace("${H}", BpftraceDecoder.HEADER_FORMAT)
                        .replace("${HA}", BpftraceDecoder.HEADER_ARGS)).append('\n');
                included.add(group);
            } else {
                skipped.add(group);
            }
        }
        return new ProbeProgram(program.toString(), included, skipped);
    }

    static String resource(String group) {
        if (!GROUPS.contains(group)) {
            throw new IllegalArgumentException("unknown probe group '" + group + "'; expected one of " + GROUPS);
        }
        try (InputStream in = ProbeProgram.class.getResourceAsStream(group + ".bt")) {
            if (in == null) {
                throw new ContainerSecException("probe program " + group + ".bt is missing from the runtime jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ContainerSecException("cannot read probe program " + group + ".bt: " + e.getMessage(), e);
        }
    }

    static List<String> requirements(String source) {
        String first = source.lines().findFirst().orElse("");
        String prefix = "// requires:";
        if (!first.startsWith(prefix)) {
            return List.of();
        }
        return List.of(first.substring(prefix.length()).trim().split("\\s+"));
    }

    private static boolean requirementsMet(String source, Path events) {
        for (String tracepoint : requirements(source)) {
            if (!Files.isDirectory(events.resolve(tracepoint))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the program in the dialect of a bpftrace version ({@link BpftraceVersion#dialect}); as written
     * ({@code args->}) when the version is unknown, which every version still accepts.
     */
    ProbeProgram forVersion(java.util.Optional<BpftraceVersion> version) {
        return version.map(v -> new ProbeProgram(v.dialect(text), included, skipped)).orElse(this);
    }

    String text() {
        return text;
    }

    List<String> included() {
        return included;
    }

    List<String> skipped() {
        return skipped;
    }
}
