package dev.containersec.image;

import dev.containersec.image.internal.registry.DockerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the credentials for a registry host. Implementations must be thread-safe; they are asked
 * once per host and authentication challenge, and may run a credential helper each time.
 *
 * <pre>{@code
 * RegistryCredentialSource source = RegistryCredentialSource.firstOf(
 *     RegistryCredentialSource.of(Map.of("registry.example:5000", RegistryCredentials.basic("ci", token))),
 *     RegistryCredentialSource.dockerConfig());
 * }</pre>
 */
@FunctionalInterface
public interface RegistryCredentialSource {

    /**
     * Looks up the credentials for a registry.
     *
     * @param registry the registry host as named in the image reference, e.g. {@code ghcr.io} or
     *     {@code localhost:5000} ({@code docker.io} for Docker Hub)
     * @return the credentials, or empty for anonymous access
     * @throws dev.containersec.api.ContainerSecException if a configured source fails (an unreadable
     *     config file, a credential helper that fails or times out)
     */
    Optional<RegistryCredentials> credentials(String registry);

    /**
     * Returns a source that never has credentials: every registry is accessed anonymously.
     *
     * @return the anonymous source
     */
    static RegistryCredentialSource anonymous() {
        return registry -> Optional.empty();
    }

    /**
     * Returns a source holding fixed credentials per registry host.
     *
     * @param byRegistry credentials keyed by registry host (with port when not the default)
     * @return the source
     */
    static RegistryCredentialSource of(Map<String, RegistryCredentials> byRegistry) {
        Map<String, RegistryCredentials> copy = Map.copyOf(byRegistry);
        return registry -> Optional.ofNullable(copy.get(Objects.requireNonNull(registry, "registry")));
    }

    /**
     * Returns the first credentials any of the sources has.
     *
     * @param sources the sources, asked in order
     * @return the combined source
     */
    static RegistryCredentialSource firstOf(RegistryCredentialSource... sources) {
        RegistryCredentialSource[] copy = sources.clone();
        for (RegistryCredentialSource s : copy) {
            Objects.requireNonNull(s, "source");
        }
        return registry -> {
            for (RegistryCredentialSource s : copy) {
                Optional<RegistryCredentials> c = s.credentials(registry);
                if (c.isPresent()) {
                    return c;
                }
            }
            return Optional.empty();
        };
    }

    /**
     * Returns Docker's credential store: {@code $DOCKER_CONFIG/config.json}, else
     * {@code ~/.docker/config.json}; a missing file means anonymous access. The file is read on each
     * lookup (so {@code docker login} is seen at once). Per host, {@code credHelpers} wins, then
     * {@code auths} ({@code auth} as base64 {@code user:password}, or {@code identitytoken}), then
     * {@code credsStore}. Helpers ({@code docker-credential-NAME get}) run with a 10 second timeout
     * and bounded output.
     *
     * @return the source
     * @see <a href="https://docs.docker.com/reference/cli/docker/login/#credential-stores">Docker credential stores</a>
     */
    static RegistryCredentialSource dockerConfig() {
        return registry -> DockerConfig.lookup(DockerConfig.defaultPath(), registry, Duration.ofSeconds(10));
    }

    /**
     * Returns Docker's credential store read from a given {@code config.json}.
     *
     * @param configJson the file; a missing file means anonymous access
     * @param helperTimeout how long a credential helper may run
     * @return the source
     */
    static RegistryCredentialSource dockerConfig(Path configJson, Duration helperTimeout) {
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(helperTimeout, "helperTimeout");
        return registry -> DockerConfig.lookup(Optional.of(configJson), registry, helperTimeout);
    }
}
