package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * {@link VersionScheme#MAVEN} orders versions exactly as Maven's own {@code ComparableVersion}
 * (maven-artifact 3.9.6) does, on generated versions of every shape, odd ones included.
 */
class MavenVersionDifferentialProperties {

    @Property(tries = 2000)
    void maven_comparesLikeMavenArtifact(@ForAll("versions") String a, @ForAll("versions") String b) {
        int expected = Integer.signum(new ComparableVersion(a).compareTo(new ComparableVersion(b)));
        assertThat(VersionScheme.MAVEN.compare(a, b)).as("%s vs %s", a, b).isEqualTo(expected);
    }

    @Example
    void maven_trailingQualifierAfterDot_sortsLikeADashQualifier() {
        // Found by jqwik: 10-alpha <= 10.Final <= 10.sp must give 10-alpha < 10.sp, as Maven 3.9 says.
        assertThat(VersionScheme.MAVEN.compare("10-alpha", "10.sp")).isEqualTo(-1);
        assertThat(VersionScheme.MAVEN.compare("1.0.sp", "1-sp")).isZero();
        assertThat(VersionScheme.MAVEN.compare("1.a1", "1-alpha-1")).isZero();
    }

    @Provide
    Arbitrary<String> versions() {
        Arbitrary<String> part = Arbitraries.oneOf(
                Arbitraries.of("0", "1", "2", "10", "007", "alpha", "beta", "milestone", "rc", "cr", "snapshot",
                        "sp", "ga", "final", "release", "foo", "a", "b", "m", "SNAPSHOT", "RC", "Final", "x",
                        "a1", "b2", "m3", "1a", "2rc3", ""),
                Arbitraries.strings().withChars("0123456789abxz").ofMinLength(1).ofMaxLength(4));
        Arbitrary<String> sep = Arbitraries.of(".", "-", "");
        return Combinators.combine(part.list().ofMinSize(1).ofMaxSize(5), sep.list().ofSize(5))
                .as((parts, seps) -> {
                    StringBuilder b = new StringBuilder(parts.get(0));
                    for (int i = 1; i < parts.size(); i++) {
                        b.append(seps.get(i)).append(parts.get(i));
                    }
                    return b.toString();
                })
                .filter(v -> !v.isEmpty()); // an empty version is refused (InvalidVersionException)
    }
}
