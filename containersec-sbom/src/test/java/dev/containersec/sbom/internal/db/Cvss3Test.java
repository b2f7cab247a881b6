package dev.containersec.sbom.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Base scores checked against the FIRST CVSS v3.1 calculator (https://www.first.org/cvss/calculator/3.1). */
class Cvss3Test {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",
        "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N, 5.9",
        "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.8",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H, 7.5",
        "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H, 5.9",
        "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N, 1.6",
        "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 9.9",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0",
    })
    void baseScore_matchesTheFirstCalculator(String vector, double expected) {
        assertThat(Cvss3.baseScore(vector)).contains(expected);
    }

    @Property(tries = 300)
    void baseScore_anyText_isEmptyOrInRange(@ForAll String text) {
        Cvss3.baseScore(text).ifPresent(s -> assertThat(s).isBetween(0.0, 10.0));
        Cvss3.baseScore("CVSS:3.1/" + text).ifPresent(s -> assertThat(s).isBetween(0.0, 10.0));
    }
}
