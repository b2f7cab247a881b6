package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.internal.waivers.WaiverFile;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A set of waivers, read from a YAML (or JSON) file:
 *
 * <pre>{@code
 * waivers:
 *   - rule: k8s-image-pinned          # or rules: [a, b]; IDs or aliases (KSV-0013, CIS-DI-0001, ...)
 *     kind: Deployment                # optional scope fields; * matches any run of characters
 *     namespace: shop
 *     name: web-*
 *     container: app
 *     image: docker.io/library/nginx*
 *     value: /var/run/docker.sock     # the offending field's value
 *     reason: vendor image, tracked in TICKET-1
 *     expires: 2026-12-31             # ISO date, inclusive
 * }</pre>
 *
 * <p>Waivers that have expired stop applying; {@link #expired(LocalDate)} lists them so that they can be
 * reported. Immutable and thread-safe.
 */
public final class PolicyWaivers {

    private final List<PolicyWaiver> waivers;

    private PolicyWaivers(List<PolicyWaiver> waivers) {
        this.waivers = List.copyOf(waivers);
    }

    /**
     * Returns an empty set.
     *
     * @return no waivers
     */
    public static PolicyWaivers none() {
        return new PolicyWaivers(List.of());
    }

    /**
     * Makes a set from waivers.
     *
     * @param waivers the waivers
     * @return the set
     */
    public static PolicyWaivers of(List<PolicyWaiver> waivers) {
        return new PolicyWaivers(waivers);
    }

    /**
     * Reads a waivers file within {@link ScanLimits#defaults()}.
     *
     * @param file the file
     * @return the waivers
     * @throws InvalidInputException if the file cannot be read or a waiver is malformed (the message names the
     *     waiver and the field)
     */
    public static PolicyWaivers load(Path file) {
        return new PolicyWaivers(WaiverFile.load(Objects.requireNonNull(file, "file"), ScanLimits.defaults()));
    }

    /**
     * Reads waivers held in memory.
     *
     * @param content YAML or JSON
     * @param source a name for messages
     * @return the waivers
     * @throws InvalidInputException if a waiver is malformed
     */
    public static PolicyWaivers parse(byte[] content, String source) {
        return new PolicyWaivers(WaiverFile.parse(content, source, ScanLimits.defaults()));
    }

    /**
     * Returns every waiver, in file order.
     *
     * @return the waivers
     */
    public List<PolicyWaiver> all() {
        return waivers;
    }

    /**
     * Returns the waivers that have expired on a date.
     *
     * @param today the date
     * @return the expired waivers, in file order
     */
    public List<PolicyWaiver> expired(LocalDate today) {
        Objects.requireNonNull(today, "today");
        return waivers.stream().filter(w -> w.expiredOn(today)).toList();
    }

    /**
     * Marks the findings the unexpired waivers cover as waived (the first covering waiver wins).
     *
     * @param result a result
     * @param today the date expiry is judged on
     * @return the result with waivers applied
     */
    public PolicyPackResult apply(PolicyPackResult result, LocalDate today) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(today, "today");
        if (waivers.isEmpty()) {
            return result;
        }
        List<PolicyPackFinding> out = new ArrayList<>(result.findings().size());
        for (PolicyPackFinding f : result.findings()) {
            PolicyPackFinding applied = f;
            if (!f.waived()) {
                for (PolicyWaiver w : waivers) {
                    if (!w.expiredOn(today) && w.covers(result, f)) {
                        applied = f.waivedBy(w);
                        break;
                    }
                }
            }
            out.add(applied);
        }
        return result.withFindings(out);
    }
}
