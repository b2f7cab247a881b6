package dev.containersec.examples;

import static dev.containersec.examples.ChildJvm.java;
import static dev.containersec.examples.ChildJvm.runtimePath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.examples.ChildJvm.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().lines()).contains("module: dev.containersec.signature", "bouncycastle module: true");
        assertThat(r.output()).contains("signed=true").contains("verified=true").contains("example.org/hello");
        assertThat(Files.readString(image.resolve("index.json"))).contains(".sig");
    }

    @Test
    void onTheClassPath_signsAndVerifiesTheSame() throws Exception {
        Path image = copyHello(tmp.resolve("hello"));
        Run r = java("-cp", runtimePath(), MAIN, "oci:" + image);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().lines()).contains("module: unnamed");
        assertThat(r.output()).contains("signed=true");
    }

    @Test
    void notALayout_exits3() throws Exception {
        Run r = java("--module-path", runtimePath(), "-m", "dev.containersec.examples/" + MAIN, "oci:" + tmp.resolve("none"));
        assertThat(r.exit()).as(r.output()).isEqualTo(3);
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
}
