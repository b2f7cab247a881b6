package dev.containersec.image.catalog.lang;

import dev.containersec.image.Tools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.containersec.api.Package;
import dev.containersec.api.ScanLimits;
import dev.containersec.image.internal.catalog.lang.NpmCataloger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The npm cataloger on packages installed from the npm registry by npm itself (v1 and v3 lockfiles,
 * installed package.json files including a scoped package).
 */
class NpmCatalogerTest {
    private static final NpmCataloger NPM = new NpmCataloger();
    static final List<String> INSTALLED = List.of("pkg:npm/%40sindresorhus/is@4.6.0", "pkg:npm/lru-cache@6.0.0",
            "pkg:npm/semver@7.5.1", "pkg:npm/yallist@4.0.0");

    /** An npm project with semver@7.5.1 and @sindresorhus/is@4.6.0 installed, cached under target/. */
    static synchronized Path project(int lockfileVersion) {
        Tools.assumeTools("npm");
        Path dir = Path.of("target/npm-project-v" + lockfileVersion).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("node_modules/semver/package.json"))) {
            try {
                LangTests.deleteTree(dir);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("package.json"), "{\"name\":\"probe\",\"version\":\"1.0.0\",\"private\":true}");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Optional<String> out = LangTests.tryRun(dir, "npm", "install", "--ignore-scripts", "--no-audit", "--no-fund",
                    "--lockfile-version", Integer.toString(lockfileVersion), "semver@7.5.1", "@sindresorhus/is@4.6.0");
            assumeTrue(out.isPresent(), "npm install failed (no network?)");
        }
        return dir;
    }

    @Test
    void installedPackageJsons_areReported_withScopeEncoded() throws Exception {
        Path dir = project(3);
        List<Package> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("node_modules"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("package.json")).toList()) {
                String rel = "/srv/" + dir.relativize(p);
                int depth = dir.resolve("node_modules").relativize(p).getNameCount();
                boolean installed = depth == 2 || (depth == 3 && p.getParent().getParent().getFileName().toString().startsWith("@"));
                if (installed) {
                    all.addAll(LangTests.catalog(NPM, rel, p));
                }
            }
        }
        assertThat(LangTests.purls(all)).containsExactlyElementsOf(INSTALLED);
        assertThat(all).filteredOn(p -> p.name().equals("semver")).singleElement().satisfies(p -> {
            assertThat(p.licenses()).containsExactly("ISC");
            assertThat(p.metadata()).containsEntry("evidence", "package.json");
        });
        assertThat(all).filteredOn(p -> p.name().equals("@sindresorhus/is")).singleElement()
                .satisfies(p -> assertThat(p.licenses()).containsExactly("MIT"));
    }

    @Test
    void lockfileV3_packagesMap() throws Exception {
        Path dir = project(3);
        assertThat(Files.readString(dir.resolve("package-lock.json"))).contains("\"lockfileVersion\": 3");
        List<Package> ps = LangTests.catalog(NPM, "/srv/package-lock.json", dir.resolve("package-lock.json"));
        assertThat(LangTests.purls(ps)).containsExactlyElementsOf(INSTALLED);
    }

    @Test
    void lockfileV1_nestedDependencies() throws Exception {
        Path dir = project(1);
        assertThat(Files.readString(dir.resolve("package-lock.json"))).contains("\"lockfileVersion\": 1");
        List<Package> ps = LangTests.catalog(NPM, "/srv/package-lock.json", dir.resolve("package-lock.json"));
        assertThat(LangTests.purls(ps)).containsExactlyElementsOf(INSTALLED);
    }

    @Test
    void legacyLicenseObjectAndArray_areRead() throws Exception {
        List<Package> a = LangTests.catalog(NPM, ScanLimits.defaults(), "/n/node_modules/a/package.json",
                "{\"name\":\"a\",\"version\":\"1.0.0\",\"license\":{\"type\":\"MIT\",\"url\":\"x\"}}".getBytes());
        List<Package> b = LangTests.catalog(NPM, ScanLimits.defaults(), "/n/node_modules/b/package.json",
                "{\"name\":\"b\",\"version\":\"1.0.0\",\"licenses\":[{\"type\":\"MIT\"},{\"type\":\"Apache-2.0\"}]}".getBytes());
        assertThat(a.get(0).licenses()).containsExactly("MIT");
        assertThat(b.get(0).licenses()).containsExactly("MIT", "Apache-2.0");
    }

    @Test
    void notJson_isSkipped_butTooDeep_isALimit() throws Exception {
        assertThat(LangTests.catalog(NPM, ScanLimits.defaults(), "/n/node_modules/a/package.json",
                "{{name}}".getBytes())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LangTests.catalog(NPM, ScanLimits.defaults(),
                        "/n/package-lock.json", "[".repeat(100).getBytes()))
                .isInstanceOf(dev.containersec.api.LimitExceededException.class);
    }

    @Test
    void globs_matchInstalledPackagesOnly() {
        assertThat(NPM.globs()).contains("/**/node_modules/*/package.json", "/**/node_modules/@*/*/package.json");
    }
}
