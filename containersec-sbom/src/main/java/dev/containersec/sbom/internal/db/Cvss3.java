package dev.containersec.sbom.internal.db;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CVSS v3 base score of a vector string, with the v3.1 formulas and Roundup (v3.0 vectors are scored
 * the same way; the two differ only in rare rounding cases).
 *
 * @see <a href="https://www.first.org/cvss/v3.1/specification-document#7-1-Base-Metrics-Equations">CVSS v3.1
 *     specification, 7.1 base metrics equations, and Appendix A (Roundup)</a>
 */
public final class Cvss3 {
    private static final int MAX_VECTOR = 200;

    private Cvss3() {
    }

    /**
     * Computes the base score.
     *
     * @param vector for example {@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H}
     * @return the score 0.0-10.0, or empty when the vector is not a complete, valid v3 vector
     */
    public static Optional<Double> baseScore(String vector) {
        if (vector.length() > MAX_VECTOR || !(vector.startsWith("CVSS:3.1/") || vector.startsWith("CVSS:3.0/"))) {
            return Optional.empty();
        }
        Map<String, String> m = new HashMap<>();
        for (String part : vector.substring(9).split("/", -1)) {
            int colon = part.indexOf(':');
            if (colon <= 0 || m.put(part.substring(0, colon), part.substring(colon + 1)) != null) {
                return Optional.empty();
            }
        }
        String scope = m.get("S");
        if (!"U".equals(scope) && !"C".equals(scope)) {
            return Optional.empty();
        }
        boolean changed = scope.equals("C");
        Double av = pick(m.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
        Double ac = pick(m.get("AC"), "L", 0.77, "H", 0.44);
        Double pr = pick(m.get("PR"), "N", 0.85, "L", changed ? 0.68 : 0.62, "H", changed ? 0.5 : 0.27);
        Double ui = pick(m.get("UI"), "N", 0.85, "R", 0.62);
        Double c = cia(m.get("C"));
        Double i = cia(m.get("I"));
        Double a = cia(m.get("A"));
        if (av == null || ac == null || pr == null || ui == null || c == null || i == null || a == null) {
            return Optional.empty();
        }
        double iss = 1 - (1 - c) * (1 - i) * (1 - a);
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return Optional.of(0.0);
        }
        double raw = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
        return Optional.of(roundUp(raw));
    }

    /** Appendix A: the smallest number with one decimal that is at least the input, free of float error. */
    static double roundUp(double input) {
        long intInput = Math.round(input * 100_000);
        if (intInput % 10_000 == 0) {
            return intInput / 100_000.0;
        }
        return (Math.floorDiv(intInput, 10_000) + 1) / 10.0;
    }

    private static Double cia(String v) {
        return pick(v, "H", 0.56, "L", 0.22, "N", 0.0);
    }

    private static Double pick(String value, Object... pairs) {
        if (value == null) {
            return null;
        }
        for (int k = 0; k < pairs.length; k += 2) {
            if (pairs[k].equals(value)) {
                return (Double) pairs[k + 1];
            }
        }
        return null;
    }
}
