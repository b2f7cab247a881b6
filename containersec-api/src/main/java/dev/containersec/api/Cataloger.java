package dev.containersec.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Service provider interface: finds packages of one kind (dpkg, rpm, jar, npm...) in an image's files.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #id()} is unique among the catalogers in use; a duplicate is a configuration error.</li>
 *   <li>A cataloger is stateless and thread-safe; each scan opens its own {@link Session}, which is
 *       used by one thread at a time.</li>
 *   <li>{@link #globs()} names the absolute paths it wants, in the image module's glob syntax
 *       (e.g. {@code /var/lib/dpkg/status}, {@code /**}{@code /*.jar}); it receives only those files, as
 *       they stream past, never the whole filesystem.</li>
 *   <li>Input is untrusted: a malformed file is skipped and reported through {@link Session#skipped()},
 *       or ends in an {@link InvalidInputException}; never another exception, a hang or unbounded memory.</li>
 * </ul>
 * Providers register in {@code module-info} ({@code provides dev.containersec.api.Cataloger with ...})
 * and {@code META-INF/services}, or are passed explicitly.
 */
public interface Cataloger {

    /**
     * Returns the cataloger's unique id, e.g. {@code dpkg} or {@code java-archive}.
     *
     * @return the id
     */
    String id();

    /**
     * Returns the absolute-path globs of the files this cataloger reads.
     *
     * @return the globs, never empty
     */
    List<String> globs();

    /**
     * Starts cataloging one image.
     *
     * @param limits the bounds in force
     * @return a fresh session
     */
    Session newSession(ScanLimits limits);

    /** One image's worth of cataloging; single-threaded. */
    interface Session {

        /**
         * Receives one file that matched the globs.
         *
         * @param file the file (its path may be reached through links: see {@link FileEntry#linkTarget()})
         * @param content its bytes, valid only during the call
         * @throws IOException if reading fails; the scan reports it
         */
        void accept(FileEntry file, InputStream content) throws IOException;

        /**
         * Turns what was seen into packages.
         *
         * @param context what is known about the image
         * @return the packages found, possibly none
         */
        List<Package> finish(CatalogContext context);

        /**
         * Returns the files this session passed over because they were not what their name promised
         * (a {@code package.json} that is not JSON, say), so that the SBOM says what it could not read
         * rather than silently leaving it out. Called after {@link #finish(CatalogContext)}.
         *
         * @return the skipped files, empty by default
         */
        default List<SkippedEntry> skipped() {
            return List.of();
        }
    }
}
