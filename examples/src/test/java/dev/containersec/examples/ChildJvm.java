package dev.containersec.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs an example in a child JVM on the examples' runtime path, as an application would. */
final class ChildJvm {

    /** A finished child JVM: its exit code and its standard output and error, interleaved. */
    record Run(int exit, String output) {
    }

    private ChildJvm() {
    }

    /**
     * target/classes followed by the runtime dependencies Maven listed. In a reactor build that stopped before
     * {@code package}, Maven may list the policy module's classes directory, which does not hold the shaded CEL:
     * its packaged jar is used instead when there is one.
     */
    static String runtimePath() throws IOException {
        return runtimePath(false);
    }

    /**
     * Like {@link #runtimePath()}, but fails when the policy module is listed as a classes directory and has
     * not been packaged (build it with {@code install} or {@code package} first): for tests that need CEL.
     */
    static String packagedPolicyPath() throws IOException {
        return runtimePath(true);
    }

    private static String runtimePath(boolean requirePolicyJar) throws IOException {
        Path listed = Path.of("target", "runtime-classpath.txt");
        assertThat(listed).as("written by maven-dependency-plugin:build-classpath").exists();
        List<String> entries = new ArrayList<>();
        entries.add(Path.of("target", "classes").toAbsolutePath().toString());
        for (String e : Files.readString(listed, UTF_8).strip().split(File.pathSeparator)) {
            if (e.isBlank()) {
                continue;
            }
            Path p = Path.of(e);
            if (Files.isDirectory(p) && p.endsWith(Path.of("containersec-policy", "target", "classes"))) {
                Optional<Path> jar;
                try (var jars = Files.list(p.getParent())) {
                    jar = jars.filter(j -> j.getFileName().toString().matches("containersec-policy-.*\\.jar"))
                            .findFirst();
                }
                if (requirePolicyJar && jar.isEmpty()) {
                    throw new AssertionError("containersec-policy has not been packaged: run install first");
                }
                p = jar.orElse(p);
            }
            entries.add(p.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Runs {@code java args...} with this JVM's java binary and waits up to a minute for it. */
    static Run java(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        return new Run(p.exitValue(), output);
    }
}
