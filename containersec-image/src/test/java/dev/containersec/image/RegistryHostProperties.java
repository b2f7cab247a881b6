package dev.containersec.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.ImageReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Generated hosts for {@link RegistryClient.Builder#allowInsecureRegistry(String)} and registry
 * locations: every registry host an image reference can name is accepted, anything else is refused
 * with {@link IllegalArgumentException} only, and a registry location's host and repository survive
 * the trip through {@link ImageLocation}.
 */
class RegistryHostProperties {

    @Provide
    Arbitrary<String> hosts() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> name = label.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(".", l));
        Arbitrary<String> port = Arbitraries.integers().between(1, 65535).map(p -> ":" + p).injectNull(0.4)
                .map(p -> p == null ? "" : p);
        return Combinators.combine(name, port).as((n, p) -> n + p);
    }

    @Property(tries = 300)
    void everyReferenceHost_isAcceptedAsInsecure(@ForAll("hosts") String host) {
        ImageReference ref = ImageReference.parse(host + "/team/app:1");
        assertThat(ref.registry()).isEqualTo(host);
        RegistryClient.builder().allowInsecureRegistry(ref.registry());
    }

    @Property(tries = 500)
    void arbitraryText_isAcceptedOrRefusedWithIllegalArgument(@ForAll @StringLength(max = 60) String text) {
        try {
            RegistryClient.builder().allowInsecureRegistry(text);
            assertThat(text).doesNotContain("/", "@", " ");
        } catch (IllegalArgumentException expected) {
            assertThat(expected).hasMessageContaining("host");
        }
    }

    @Property(tries = 300)
    void registryLocation_keepsHostRepositoryAndTag(@ForAll("hosts") String host) {
        ImageLocation location = ImageLocation.parse("registry:" + host + "/team/app:v1.2");
        assertThat(location.transport()).contains(Transport.REGISTRY);
        ImageReference ref = ImageReference.parse(location.path());
        assertThat(ref.registry()).isEqualTo(host);
        assertThat(ref.repository()).isEqualTo("team/app");
        assertThat(ref.tag()).contains("v1.2");
        assertThat(ImageLocation.parse(location.toString())).isEqualTo(location);
    }
}
