package dev.containersec.sbom.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CVSS v4.0 scores of published vectors. Sources: FIRST's CVSS v4.0 calculator as published in the
 * reference implementation (github.com/RedHatProductSecurity/cvss-v4-calculator) and its MacroVector
 * table (a MacroVector's highest-severity vector scores exactly its table value); the 6.9 example is the one
 * the polycvss documentation (src/v4.rs) publishes; 8.7 and 8.5 are the scores NVD and GitHub publish for
 * those vectors (e.g. GHSA-8vwh-pr89-4mw2, and CVE-2022-41741 in FIRST's v4.0 examples).
 */
class Cvss4Test {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H, 10.0",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 9.3",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 8.7",
        "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 8.5",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N, 6.9",
        // Highest-severity vectors of their MacroVectors score the table value: 000200 = 9.3 with E:A explicit.
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A, 9.3",
        // Lowest MacroVector 212221 = 0.1 and everything lower clamps at 0.
        "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N, 0.0",
        // Full vector with every optional metric not defined equals the base vector.
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X, 8.7",
    })
    void baseScore_publishedVectors(String vector, double expected) {
        assertThat(Cvss4.baseScore(vector)).as(vector).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AV:L",
        "CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/ZZ:1",
    })
    void baseScore_invalidVectors_areEmpty(String vector) {
        assertThat(Cvss4.baseScore(vector)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void baseScore_allBaseVectors_scoreWithinRangeAndMonotoneInAttackVector() {
        String[] av = {"N", "A", "L", "P"};
        String[] hln = {"H", "L", "N"};
        int n = 0;
        for (String ac : new String[] {"L", "H"}) {
            for (String pr : new String[] {"N", "L", "H"}) {
                for (String vc : hln) {
                    for (String sc : hln) {
                        double previous = 11;
                        for (String a : av) {
                            String v = "CVSS:4.0/AV:" + a + "/AC:" + ac + "/AT:N/PR:" + pr + "/UI:N/VC:" + vc
                                    + "/VI:H/VA:L/SC:" + sc + "/SI:N/SA:N";
                            double s = Cvss4.baseScore(v).orElseThrow();
                            assertThat(s).as(v).isBetween(0.0, 10.0).isLessThanOrEqualTo(previous);
                            previous = s;
                            n++;
                        }
                    }
                }
            }
        }
        assertThat(n).isEqualTo(216);
    }
}
