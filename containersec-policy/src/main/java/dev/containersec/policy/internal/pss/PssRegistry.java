package dev.containersec.policy.internal.pss;

import static dev.containersec.policy.PssLevel.BASELINE;
import static dev.containersec.policy.PssLevel.RESTRICTED;

import dev.containersec.policy.PssLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every Pod Security Standards check with its versioned definitions, and the selection Pod Security
 * Admission makes for a level and version: for {@code v1.N} each check runs its newest definition whose
 * minimum version is at most {@code 1.N}; restricted runs the baseline checks that no applicable restricted
 * definition overrides, plus the restricted checks; checks run baseline first, then restricted, each sorted
 * by ID. A version past {@link #LATEST_MINOR} behaves as latest.
 */
public final class PssRegistry {

    /** The newest minor version at which any check changes (the sysctls additions of v1.37). */
    public static final int LATEST_MINOR = 37;

    private record Versioned(int minimumMinor, Check check, Set<String> overrides) {
    }

    private record Definition(String id, PssLevel level, List<Versioned> versions) {
    }

    private static final List<Definition> DEFINITIONS = List.of(
            // baseline
            def("windowsHostProcess", BASELINE, v(0, new Checks.WindowsHostProcess())),
            def("hostNamespaces", BASELINE, v(0, new Checks.HostNamespaces())),
            def("privileged", BASELINE, v(0, new Checks.Privileged())),
            def("capabilities_baseline", BASELINE, v(0, new Checks.CapabilitiesBaseline())),
            def("hostPathVolumes", BASELINE, v(0, new Checks.HostPathVolumes())),
            def("hostPorts", BASELINE, v(0, new Checks.HostPorts())),
            def("hostProbesAndHostLifecycle", BASELINE, v(34, new Checks.HostProbesAndHostLifecycle())),
            def("appArmorProfile", BASELINE, v(0, new Checks.AppArmorProfile())),
            def("seLinuxOptions", BASELINE,
                    v(0, new Checks.SeLinuxOptions(Checks.SeLinuxOptions.TYPES_1_0)),
                    v(31, new Checks.SeLinuxOptions(Checks.SeLinuxOptions.TYPES_1_31))),
            def("procMount", BASELINE,
                    v(0, new Checks.ProcMount("procMount", BASELINE, false)),
                    v(35, new Checks.ProcMount("procMount", BASELINE, true))),
            def("seccompProfile_baseline", BASELINE,
                    v(0, new Checks.SeccompBaselineAnnotations()),
                    v(19, new Checks.SeccompBaselineFields())),
            def("sysctls", BASELINE,
                    v(0, new Checks.Sysctls(Checks.Sysctls.ALLOWED_1_0)),
                    v(27, new Checks.Sysctls(Checks.Sysctls.ALLOWED_1_27)),
                    v(29, new Checks.Sysctls(Checks.Sysctls.ALLOWED_1_29)),
                    v(32, new Checks.Sysctls(Checks.Sysctls.ALLOWED_1_32)),
                    v(37, new Checks.Sysctls(Checks.Sysctls.ALLOWED_1_37))),
            // restricted
            def("restrictedVolumes", RESTRICTED, v(0, new Checks.RestrictedVolumes(), "hostPathVolumes")),
            def("allowPrivilegeEscalation", RESTRICTED,
                    v(8, new Checks.AllowPrivilegeEscalation(false)),
                    v(25, new Checks.AllowPrivilegeEscalation(true))),
            def("runAsNonRoot", RESTRICTED,
                    v(0, new Checks.RunAsNonRoot(false)),
                    v(35, new Checks.RunAsNonRoot(true))),
            def("runAsUser", RESTRICTED,
                    v(23, new Checks.RunAsUser(false)),
                    v(35, new Checks.RunAsUser(true))),
            def("seccompProfile_restricted", RESTRICTED,
                    v(19, new Checks.SeccompRestricted(false), "seccompProfile_baseline"),
                    v(25, new Checks.SeccompRestricted(true), "seccompProfile_baseline")),
            def("capabilities_restricted", RESTRICTED,
                    v(22, new Checks.CapabilitiesRestricted(false), "capabilities_baseline"),
                    v(25, new Checks.CapabilitiesRestricted(true), "capabilities_baseline")),
            def("procMount_restricted", RESTRICTED,
                    v(35, new Checks.ProcMount("procMount_restricted", RESTRICTED, false), "procMount")));

    private PssRegistry() {
    }

    private static Versioned v(int minimumMinor, Check check, String... overrides) {
        return new Versioned(minimumMinor, check, Set.of(overrides));
    }

    private static Definition def(String id, PssLevel level, Versioned... versions) {
        for (Versioned v : versions) {
            if (!v.check().id().equals(id) || v.check().level() != level) {
                throw new IllegalStateException("check " + id + " is defined inconsistently");
            }
        }
        return new Definition(id, level, List.of(versions));
    }

    /**
     * Returns the checks that apply at a level and version, in PSA's order.
     *
     * @param level the level
     * @param minor the minor version ({@code v1.minor}), or a negative number for latest
     * @return the checks; empty for privileged
     */
    public static List<Check> checks(PssLevel level, int minor) {
        if (level == PssLevel.PRIVILEGED) {
            return List.of();
        }
        int effective = minor < 0 || minor > LATEST_MINOR ? LATEST_MINOR : minor;
        List<Check> baseline = new ArrayList<>();
        List<Check> restricted = new ArrayList<>();
        Set<String> overridden = new HashSet<>();
        for (Definition d : DEFINITIONS) {
            Versioned applicable = null;
            for (Versioned v : d.versions()) {
                if (v.minimumMinor() <= effective) {
                    applicable = v;
                }
            }
            if (applicable == null) {
                continue;
            }
            if (d.level() == BASELINE) {
                baseline.add(applicable.check());
            } else if (level == RESTRICTED) {
                restricted.add(applicable.check());
                overridden.addAll(applicable.overrides());
            }
        }
        baseline.removeIf(c -> overridden.contains(c.id()));
        baseline.sort(Comparator.comparing(Check::id));
        restricted.sort(Comparator.comparing(Check::id));
        List<Check> all = new ArrayList<>(baseline);
        all.addAll(restricted);
        return List.copyOf(all);
    }
}
