package dev.containersec.image.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.InvalidInputException;
import dev.containersec.image.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Generated input for the registry parsers: WWW-Authenticate, Docker's config.json, credential
 * helper answers, Retry-After and Content-Range. Only documented exceptions escape, and what is
 * written parses back to the same value.
 */
class RegistryParserProperties {

    // ---- WWW-Authenticate -------------------------------------------------------------------------

    @Property(tries = 500)
    void challenge_overArbitraryText_neverThrows_andIsBounded(@ForAll @StringLength(max = 400) String header) {
        List<AuthChallenge> parsed = AuthChallenge.parse(header);
        assertThat(parsed.size()).isLessThanOrEqualTo(16);
        parsed.forEach(c -> assertThat(c.scheme()).isNotEmpty().isLowerCase());
    }

    @Provide
    Arbitrary<AuthChallenge> challenges() {
        Arbitrary<String> scheme = Arbitraries.of("bearer", "basic", "negotiate");
        Arbitrary<String> name = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_-").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        Arbitrary<Map<String, String>> params = Combinators.combine(name, value).as(Map::entry).list().ofMaxSize(5)
                .map(list -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    list.forEach(e -> m.putIfAbsent(e.getKey(), e.getValue()));
                    return m;
                });
        return Combinators.combine(scheme, params).as(AuthChallenge::new);
    }

    @Property(tries = 500)
    void challenge_writtenThenParsed_isTheSameChallenge(@ForAll("challenges") AuthChallenge challenge) {
        assertThat(AuthChallenge.parse(challenge.toString())).containsExactly(challenge);
    }

    @Property(tries = 300)
    void twoChallengesInOneHeader_areBothFound(@ForAll("challenges") AuthChallenge a, @ForAll("challenges") AuthChallenge b) {
        assertThat(AuthChallenge.parse(a + ", " + b)).containsExactly(a, b);
    }

    @Property(tries = 50)
    void realDistributionChallenge_isRead() {
        List<AuthChallenge> parsed = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0).param("realm")).contains("https://auth.docker.io/token");
        assertThat(parsed.get(0).param("scope")).contains("repository:library/alpine:pull");
    }

    // ---- Docker config.json ------------------------------------------------------------------------

    @Property(tries = 500)
    void dockerConfig_overArbitraryBytes_returnsOrThrowsInvalidInputOnly(@ForAll byte[] bytes) {
        try {
            DockerConfig.entry(bytes, "registry.example", "generated");
        } catch (InvalidInputException expected) {
            // the only failure allowed
        }
    }

    @Provide
    Arbitrary<String> users() {
        return Arbitraries.strings().alpha().numeric().withChars("._-@").ofMinLength(1).ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(40);
    }

    @Property(tries = 300)
    void dockerConfig_authWrittenAsDockerDoes_isReadBack(@ForAll("users") String user, @ForAll("secrets") String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String json = "{\"auths\":{\"https://registry.example:5000\":{\"auth\":\"" + auth + "\"}}}";
        Optional<DockerConfig.Entry> e = DockerConfig.entry(json.getBytes(StandardCharsets.UTF_8), "registry.example:5000", "t");
        assertThat(e).get().isInstanceOf(DockerConfig.Entry.Inline.class);
        RegistryCredentials c = ((DockerConfig.Entry.Inline) e.get()).credentials();
        assertThat(c.username()).isEqualTo(user);
        assertThat(c.revealSecret()).isEqualTo(password);
        assertThat(c.toString()).doesNotContain(password.length() > 3 ? password : "\u0000");
    }

    @Property(tries = 100)
    void dockerConfig_credHelperWinsOverAuthsAndCredsStore(@ForAll("users") String user) {
        String json = "{\"credsStore\":\"desktop\",\"credHelpers\":{\"ghcr.io\":\"gh\"},\"auths\":{\"ghcr.io\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8)) + "\"}}}";
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        assertThat(DockerConfig.entry(data, "ghcr.io", "t")).contains(new DockerConfig.Entry.Helper("gh"));
        assertThat(DockerConfig.entry(data, "quay.io", "t")).contains(new DockerConfig.Entry.Helper("desktop"));
    }

    @Property(tries = 100)
    void dockerConfig_helperNameThatIsAPath_isRefused(@ForAll("users") String name) {
        String json = "{\"credsStore\":\"../" + name + "\"}";
        try {
            DockerConfig.entry(json.getBytes(StandardCharsets.UTF_8), "quay.io", "t");
            throw new AssertionError("a helper name with a slash was accepted");
        } catch (InvalidInputException expected) {
            assertThat(expected).hasMessageContaining("not a plain name");
        }
    }

    @Property(tries = 50)
    void dockerConfig_dockerHubKeys_andIdentityToken() {
        String json = "{\"auths\":{\"https://index.docker.io/v1/\":{\"identitytoken\":\"refresh-me\"}}}";
        Optional<DockerConfig.Entry> e = DockerConfig.entry(json.getBytes(StandardCharsets.UTF_8), "docker.io", "t");
        assertThat(e).get().isInstanceOf(DockerConfig.Entry.Inline.class);
        assertThat(((DockerConfig.Entry.Inline) e.get()).credentials().isIdentityToken()).isTrue();
    }

    @Property(tries = 300)
    void helperAnswer_overArbitraryBytes_returnsOrThrowsInvalidInputOnly(@ForAll byte[] bytes) {
        try {
            DockerConfig.helperAnswer(bytes, "docker-credential-generated");
        } catch (InvalidInputException expected) {
            // the only failure allowed
        }
    }

    // ---- Retry-After and Content-Range ---------------------------------------------------------------

    @Property(tries = 300)
    void retryAfter_overArbitraryText_neverThrows_andIsNeverNegative(@ForAll @StringLength(max = 80) String value) {
        RetryAfter.parse(value, Instant.now()).ifPresent(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO));
    }

    @Property(tries = 300)
    void retryAfter_seconds_readBack(@ForAll("seconds") long seconds) {
        assertThat(RetryAfter.parse(Long.toString(seconds), Instant.now())).contains(Duration.ofSeconds(seconds));
    }

    @Provide
    Arbitrary<Long> seconds() {
        return Arbitraries.longs().between(0, 999_999_999L);
    }

    @Property(tries = 300)
    void contentRange_overArbitraryText_returnsOrThrowsInvalidInputOnly(@ForAll @StringLength(max = 60) String value) {
        try {
            long[] r = RegistryHttp.contentRange(value, "t");
            assertThat(r[0]).isNotNegative();
        } catch (InvalidInputException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 300)
    void contentRange_written_readBack(@ForAll("seconds") long start, @ForAll("seconds") long extra) {
        long total = start + extra + 1;
        assertThat(RegistryHttp.contentRange("bytes " + start + "-" + (total - 1) + "/" + total, "t"))
                .containsExactly(start, total);
    }
}
