package dev.containersec.sbom.internal.db;

import dev.containersec.api.Severity;
import java.util.List;

/**
 * One OSV advisory as stored: its identity, severity and one row per affected package.
 *
 * @param id the advisory id
 * @param aliases its aliases
 * @param summary the summary (empty when absent)
 * @param severity the severity band
 * @param severitySource where the severity came from
 * @param modified the {@code modified} timestamp as written
 * @param published the {@code published} timestamp as an ISO-8601 instant in UTC ({@link java.time.Instant#toString()}),
 *     empty when absent or not an RFC 3339 date-time
 * @param withdrawn true when the advisory carries a {@code withdrawn} timestamp
 * @param affected the affected rows
 */
public record ParsedAdvisory(String id, List<String> aliases, String summary, Severity severity,
                             String severitySource, String modified, String published, boolean withdrawn, List<Row> affected) {

    /**
     * One affected package.
     *
     * @param ecosystem the lower-case ecosystem base, e.g. {@code debian}
     * @param release the release suffix, e.g. {@code 12}, empty when none
     * @param name the name key (see {@link Names#key})
     * @param entry the affected entry in {@link EntryCodec}'s form
     */
    public record Row(String ecosystem, String release, String name, String entry) { }
}
