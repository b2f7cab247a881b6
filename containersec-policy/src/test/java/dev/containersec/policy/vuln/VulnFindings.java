package dev.containersec.policy.vuln;

import dev.containersec.api.Finding;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.Severity;
import dev.containersec.api.Vulnerability;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Findings built by hand for the vuln-gate tests. */
final class VulnFindings {
    private VulnFindings() {
    }

    static Finding finding(String id, List<String> aliases, Severity severity, List<String> fixed,
                           Optional<Instant> published) {
        Package pkg = new Package("log4j-core", "2.14.1", "maven",
                Purl.parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"), List.of(),
                List.of(new PackageLocation("/app/log4j-core-2.14.1.jar", 1, Optional.empty())), "test",
                new TreeMap<>(), List.of());
        return new Finding(new Vulnerability(id, aliases, "summary", severity, "test", published), pkg, "Maven",
                "org.apache.logging.log4j:log4j-core", ">=2.0 <2.15.0", fixed, "test");
    }

    static Finding finding(String id, Severity severity, List<String> fixed) {
        return finding(id, List.of(), severity, fixed, Optional.empty());
    }
}
