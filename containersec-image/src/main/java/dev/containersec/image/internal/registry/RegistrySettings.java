package dev.containersec.image.internal.registry;

import dev.containersec.api.ScanLimits;
import dev.containersec.image.RegistryCredentialSource;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a {@link RegistryHttp} is configured with.
 *
 * @param credentials where credentials come from
 * @param extraCas certificates trusted on top of the system trust store
 * @param insecureHosts hosts ({@code host[:port]}) that may be reached over plain HTTP or unverified TLS
 * @param cacheDir the blob cache directory, when caching
 * @param limits document sizes, blob sizes and the time one operation may take
 * @param connectTimeout TCP connect timeout
 * @param readTimeout the longest wait for any single read
 * @param maxRetries retries after an I/O error, 429 or 5xx (and resumptions of one blob download)
 * @param initialBackoff the first retry's delay, doubled each time
 * @param maxRetryWait the longest delay between retries; a longer Retry-After fails at once
 */
public record RegistrySettings(RegistryCredentialSource credentials, List<X509Certificate> extraCas,
                               Set<String> insecureHosts, Optional<Path> cacheDir, ScanLimits limits,
                               Duration connectTimeout, Duration readTimeout, int maxRetries,
                               Duration initialBackoff, Duration maxRetryWait) {
    /** Copies the collections. */
    public RegistrySettings {
        extraCas = List.copyOf(extraCas);
        insecureHosts = Set.copyOf(insecureHosts);
    }
}
