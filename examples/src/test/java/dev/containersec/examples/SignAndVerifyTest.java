package dev.containersec.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link SignAndVerify} in a child JVM on the module path and on the class path against a copy of
 * the checked-in example image: proves that the signature module and Bouncy Castle (a multi-release
 * modular jar, module {@code org.bouncycastle.provider}) resolve as modules.
 */
class SignAndVerifyTest {
    private static final String MAIN = "dev.containersec.examples.SignAndVerify";

    @TempDir
    Path tmp;

    @Test
    void onTheModulePath_signsAndVerifies_withBouncyCastleAsAModule() throws Exception {
        Path image = copyHello(tmp.resolve("hello"));
        Run r = java("--module-path", runtimePath(), "-m", "dev.containersec.examples/" + MAIN, "oci:" + image + ":1.0");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output.lines()).contains("module: dev.containersec.signature", "bouncycastle module: true");
        assertThat(r.output).contains("signed=true").contains("verified=true").contains("example.org/hello");
        assertThat(Files.readString(image.resolve("index.json"))).contains(".sig");
    }

    @Test
    void onTheClassPath_signsAndVerifiesTheSame() throws Exception {
        Path image = copyHello(tmp.resolve("hello"));
        Run r = java("-cp", runtimePath(), MAIN, "oci:" + image);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output.lines()).contains("module: unnamed");
        assertThat(r.output).contains("signed=true");
    }

    @Test
    void notALayout_exits3() throws Exception {
        Run r = java("--module-path", runtimePath(), "-m", "dev.containersec.examples/" + MAIN, "oci:" + tmp.resolve("none"));
        assertThat(r.exit).as(r.output).isEqualTo(3);
    }

    private static Path copyHello(Path target) throws IOException {
        Path source = Path.of("images", "hello");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    private static String runtimePath() throws IOException {
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
                try (var jars = Files.list(p.getParent())) {
                    p = jars.filter(j -> j.getFileName().toString().matches("containersec-policy-.*\\.jar"))
                            .findFirst().orElse(p);
                }
            }
            entries.add(p.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private record Run(int exit, String output) {
    }

    private static Run java(String... args) throws Exception {
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
