package dev.containersec.runtime;

import dev.containersec.api.ContainerSecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The rules containersec ships, in Falco syntax: <em>Terminal shell in container</em>, <em>Read sensitive
 * file untrusted</em>, <em>Write below etc</em>, <em>Setuid to root</em> and <em>Unexpected outbound
 * connection</em>. {@code containersec watch} evaluates them when no rules file is given; load them
 * first and your own files after them to override or extend them, as with Falco's
 * {@code falco_rules.yaml}.
 */
public final class DefaultRules {

    /** The name the source carries in load reports. */
    public static final String NAME = "containersec_default_rules.yaml";

    private DefaultRules() {
    }

    /**
     * Returns the default rules file.
     *
     * @return the rules source
     * @throws ContainerSecException if the resource is missing from the runtime jar (a packaging bug)
     */
    public static RuleSource source() {
        try (InputStream in = DefaultRules.class.getResourceAsStream("default_rules.yaml")) {
            if (in == null) {
                throw new ContainerSecException("default_rules.yaml is missing from the runtime jar");
            }
            return new RuleSource(NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ContainerSecException("cannot read the default rules: " + e.getMessage(), e);
        }
    }
}
