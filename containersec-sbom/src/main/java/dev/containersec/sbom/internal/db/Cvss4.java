package dev.containersec.sbom.internal.db;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CVSS v4.0 score of a vector string with the specification's MacroVector method: the vector is placed in
 * one of 270 MacroVectors (equivalence classes EQ1-EQ6), whose expert-assigned score is looked up, then
 * lowered by the mean proportional distance of the vector from the highest-severity vectors of its
 * MacroVector towards the next lower MacroVectors (section 8.2). Threat ({@code E}) and environmental
 * ({@code CR}, {@code IR}, {@code AR}, {@code M*}) metrics are applied when present, as the reference
 * calculator does; a plain base vector yields the CVSS-B score.
 *
 * <p>The lookup table, the highest-severity vectors per EQ level and the maximal severity depths are those of
 * FIRST's reference calculator (BSD-2-Clause, {@code cvss_lookup.js}, {@code max_composed.js},
 * {@code max_severity.js}).
 *
 * @see <a href="https://www.first.org/cvss/v4.0/specification-document#New-Scoring-System-Development">CVSS v4.0
 *     specification, 8. CVSS v4.0 scoring</a>
 * @see <a href="https://github.com/RedHatProductSecurity/cvss-v4-calculator">FIRST/Red Hat reference calculator</a>
 */
public final class Cvss4 {
    private static final int MAX_VECTOR = 400;
    /** MacroVector → score in tenths. */
    private static final Map<String, Integer> LOOKUP = new HashMap<>();

    static {
        String table =
            "000000=100 000001=99 000010=98 000011=95 000020=95 000021=92 000100=100 000101=96 000110=93 000111=87 " +
            "000120=91 000121=81 000200=93 000201=90 000210=89 000211=80 000220=81 000221=68 001000=98 001001=95 " +
            "001010=95 001011=92 001020=90 001021=84 001100=93 001101=92 001110=89 001111=81 001120=81 001121=65 " +
            "001200=88 001201=80 001210=78 001211=70 001220=69 001221=48 002001=92 002011=82 002021=72 002101=79 " +
            "002111=69 002121=50 002201=69 002211=55 002221=27 010000=99 010001=97 010010=95 010011=92 010020=92 " +
            "010021=85 010100=95 010101=91 010110=90 010111=83 010120=84 010121=71 010200=92 010201=81 010210=82 " +
            "010211=71 010220=72 010221=53 011000=95 011001=93 011010=92 011011=85 011020=85 011021=73 011100=92 " +
            "011101=82 011110=80 011111=72 011120=70 011121=59 011200=84 011201=70 011210=71 011211=52 011220=50 " +
            "011221=30 012001=86 012011=75 012021=52 012101=71 012111=52 012121=29 012201=63 012211=29 012221=17 " +
            "100000=98 100001=95 100010=94 100011=87 100020=91 100021=81 100100=94 100101=89 100110=86 100111=74 " +
            "100120=77 100121=64 100200=87 100201=75 100210=74 100211=63 100220=63 100221=49 101000=94 101001=89 " +
            "101010=88 101011=77 101020=76 101021=67 101100=86 101101=76 101110=74 101111=58 101120=59 101121=50 " +
            "101200=72 101201=57 101210=57 101211=52 101220=52 101221=25 102001=83 102011=70 102021=54 102101=65 " +
            "102111=58 102121=26 102201=53 102211=21 102221=13 110000=95 110001=90 110010=88 110011=76 110020=76 " +
            "110021=70 110100=90 110101=77 110110=75 110111=62 110120=61 110121=53 110200=77 110201=66 110210=68 " +
            "110211=59 110220=52 110221=30 111000=89 111001=78 111010=76 111011=67 111020=62 111021=58 111100=74 " +
            "111101=59 111110=57 111111=57 111120=47 111121=23 111200=61 111201=52 111210=57 111211=29 111220=24 " +
            "111221=16 112001=71 112011=59 112021=30 112101=58 112111=26 112121=15 112201=23 112211=13 112221=6 " +
            "200000=93 200001=87 200010=86 200011=72 200020=75 200021=58 200100=86 200101=74 200110=74 200111=61 " +
            "200120=56 200121=34 200200=70 200201=54 200210=52 200211=40 200220=40 200221=22 201000=85 201001=75 " +
            "201010=74 201011=55 201020=62 201021=51 201100=72 201101=57 201110=55 201111=41 201120=46 201121=19 " +
            "201200=53 201201=36 201210=34 201211=19 201220=19 201221=8 202001=64 202011=51 202021=20 202101=47 " +
            "202111=21 202121=11 202201=24 202211=9 202221=4 210000=88 210001=75 210010=73 210011=53 210020=60 " +
            "210021=50 210100=73 210101=55 210110=59 210111=40 210120=41 210121=20 210200=54 210201=43 210210=45 " +
            "210211=22 210220=20 210221=11 211000=75 211001=55 211010=58 211011=45 211020=40 211021=21 211100=61 " +
            "211101=51 211110=48 211111=18 211120=20 211121=9 211200=46 211201=18 211210=17 211211=7 211220=8 " +
            "211221=2 212001=53 212011=24 212021=14 212101=24 212111=12 212121=5 212201=10 212211=3 212221=1 ";
        for (String entry : table.split(" ")) {
            int eq = entry.indexOf('=');
            LOOKUP.put(entry.substring(0, eq), Integer.parseInt(entry.substring(eq + 1)));
        }
    }

    private static final List<String> BASE = List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("AV", "NALP"), Map.entry("AC", "LH"), Map.entry("AT", "NP"), Map.entry("PR", "NLH"),
            Map.entry("UI", "NPA"), Map.entry("VC", "HLN"), Map.entry("VI", "HLN"), Map.entry("VA", "HLN"),
            Map.entry("SC", "HLN"), Map.entry("SI", "HLN"), Map.entry("SA", "HLN"),
            Map.entry("E", "XAPU"), Map.entry("CR", "XHML"), Map.entry("IR", "XHML"), Map.entry("AR", "XHML"),
            Map.entry("MAV", "XNALP"), Map.entry("MAC", "XLH"), Map.entry("MAT", "XNP"), Map.entry("MPR", "XNLH"),
            Map.entry("MUI", "XNPA"), Map.entry("MVC", "XHLN"), Map.entry("MVI", "XHLN"), Map.entry("MVA", "XHLN"),
            Map.entry("MSC", "XHLN"), Map.entry("MSI", "XSHLN"), Map.entry("MSA", "XSHLN"),
            Map.entry("S", "XNP"), Map.entry("AU", "XNY"), Map.entry("R", "XAUI"), Map.entry("V", "XDC"),
            Map.entry("RE", "XLMH"), Map.entry("U", "X"));
    private static final Set<String> URGENCY = Set.of("X", "Clear", "Green", "Amber", "Red");

    private static final String[][] EQ1_MAX = {{"AV:N/PR:N/UI:N"}, {"AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"},
        {"AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"}};
    private static final String[][] EQ2_MAX = {{"AC:L/AT:N"}, {"AC:H/AT:N", "AC:L/AT:P"}};
    /** [eq3][eq6]. */
    private static final String[][][] EQ3_EQ6_MAX = {
        {{"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"}, {"VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"}},
        {{"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"},
            {"VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M",
                "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M"}},
        {{}, {"VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"}}};
    private static final String[][] EQ4_MAX = {{"SC:H/SI:S/SA:S"}, {"SC:H/SI:H/SA:H"}, {"SC:L/SI:L/SA:L"}};
    private static final int[] EQ1_DEPTH = {1, 4, 5};
    private static final int[] EQ2_DEPTH = {1, 2};
    private static final int[][] EQ3_EQ6_DEPTH = {{7, 6}, {8, 8}, {0, 10}};
    private static final int[] EQ4_DEPTH = {6, 5, 4};

    private Cvss4() {
    }

    /**
     * Computes the score.
     *
     * @param vector for example {@code CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N}
     * @return the score 0.0-10.0, or empty when the vector is not a valid v4.0 vector with every base metric
     */
    public static Optional<Double> baseScore(String vector) {
        if (vector.length() > MAX_VECTOR || !vector.startsWith("CVSS:4.0/")) {
            return Optional.empty();
        }
        Map<String, String> m = new HashMap<>();
        for (String part : vector.substring(9).split("/", -1)) {
            int colon = part.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String key = part.substring(0, colon);
            String value = part.substring(colon + 1);
            String allowed = ALLOWED.get(key);
            boolean valid = key.equals("U") ? URGENCY.contains(value)
                    : allowed != null && value.length() == 1 && allowed.indexOf(value.charAt(0)) >= 0;
            if (!valid || m.put(key, value) != null) {
                return Optional.empty();
            }
        }
        for (String b : BASE) {
            if (!m.containsKey(b)) {
                return Optional.empty();
            }
        }
        return Optional.of(score(m));
    }

    /** The effective value of a metric: modified metrics override base ones, X means the worst case. */
    private static String eff(Map<String, String> m, String metric) {
        String selected = m.getOrDefault(metric, "X");
        if (metric.equals("E") && selected.equals("X")) {
            return "A";
        }
        if ((metric.equals("CR") || metric.equals("IR") || metric.equals("AR")) && selected.equals("X")) {
            return "H";
        }
        String modified = m.get("M" + metric);
        if (modified != null && !modified.equals("X")) {
            return modified;
        }
        return selected;
    }

    static double score(Map<String, String> m) {
        if (List.of("VC", "VI", "VA", "SC", "SI", "SA").stream().allMatch(k -> eff(m, k).equals("N"))) {
            return 0.0;
        }
        String av = eff(m, "AV");
        String pr = eff(m, "PR");
        String ui = eff(m, "UI");
        int eq1 = av.equals("N") && pr.equals("N") && ui.equals("N") ? 0
                : (av.equals("N") || pr.equals("N") || ui.equals("N")) && !av.equals("P") ? 1 : 2;
        int eq2 = eff(m, "AC").equals("L") && eff(m, "AT").equals("N") ? 0 : 1;
        String vc = eff(m, "VC");
        String vi = eff(m, "VI");
        String va = eff(m, "VA");
        int eq3 = vc.equals("H") && vi.equals("H") ? 0 : vc.equals("H") || vi.equals("H") || va.equals("H") ? 1 : 2;
        int eq4 = eff(m, "MSI").equals("S") || eff(m, "MSA").equals("S") ? 0
                : eff(m, "SC").equals("H") || eff(m, "SI").equals("H") || eff(m, "SA").equals("H") ? 1 : 2;
        String e = eff(m, "E");
        int eq5 = e.equals("A") ? 0 : e.equals("P") ? 1 : 2;
        int eq6 = (eff(m, "CR").equals("H") && vc.equals("H")) || (eff(m, "IR").equals("H") && vi.equals("H"))
                || (eff(m, "AR").equals("H") && va.equals("H")) ? 0 : 1;
        double value = LOOKUP.get(macro(eq1, eq2, eq3, eq4, eq5, eq6)) / 10.0;

        Double lowerEq1 = lookup(macro(eq1 + 1, eq2, eq3, eq4, eq5, eq6));
        Double lowerEq2 = lookup(macro(eq1, eq2 + 1, eq3, eq4, eq5, eq6));
        Double lowerEq3Eq6;
        if (eq3 == 0 && eq6 == 0) {
            // Two ways down; the one with the higher score is the next lower MacroVector.
            Double left = lookup(macro(eq1, eq2, eq3, eq4, eq5, eq6 + 1));
            Double right = lookup(macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6));
            lowerEq3Eq6 = left != null && right != null && left > right ? left : right;
        } else if (eq3 == 1 && eq6 == 0) {
            lowerEq3Eq6 = lookup(macro(eq1, eq2, eq3, eq4, eq5, eq6 + 1));
        } else if (eq6 == 1 && eq3 < 2) {
            lowerEq3Eq6 = lookup(macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6));
        } else {
            lowerEq3Eq6 = lookup(macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1));
        }
        Double lowerEq4 = lookup(macro(eq1, eq2, eq3, eq4 + 1, eq5, eq6));
        Double lowerEq5 = lookup(macro(eq1, eq2, eq3, eq4, eq5 + 1, eq6));

        // The severity distance (in tenths) from the first highest-severity vector the vector does not exceed.
        int[] d = null;
        outer:
        for (String a : EQ1_MAX[eq1]) {
            for (String b : EQ2_MAX[eq2]) {
                for (String c : EQ3_EQ6_MAX[eq3][eq6]) {
                    for (String f : EQ4_MAX[eq4]) {
                        Map<String, String> max = parse(a + "/" + b + "/" + c + "/" + f);
                        d = distances(m, max);
                        boolean fits = true;
                        for (int x : d) {
                            fits &= x >= 0;
                        }
                        if (fits) {
                            break outer;
                        }
                    }
                }
            }
        }
        int dEq1 = d[0] + d[1] + d[2];
        int dEq2 = d[3] + d[4];
        int dEq3Eq6 = d[5] + d[6] + d[7] + d[11] + d[12] + d[13];
        int dEq4 = d[8] + d[9] + d[10];

        int existing = 0;
        double normalized = 0;
        if (lowerEq1 != null) {
            existing++;
            normalized += (value - lowerEq1) * dEq1 / EQ1_DEPTH[eq1];
        }
        if (lowerEq2 != null) {
            existing++;
            normalized += (value - lowerEq2) * dEq2 / EQ2_DEPTH[eq2];
        }
        if (lowerEq3Eq6 != null) {
            existing++;
            normalized += (value - lowerEq3Eq6) * dEq3Eq6 / EQ3_EQ6_DEPTH[eq3][eq6];
        }
        if (lowerEq4 != null) {
            existing++;
            normalized += (value - lowerEq4) * dEq4 / EQ4_DEPTH[eq4];
        }
        if (lowerEq5 != null) {
            existing++; // EQ5's proportion is always 0
        }
        double mean = existing == 0 ? 0 : normalized / existing;
        double score = Math.max(0.0, Math.min(10.0, value - mean));
        // Round half up to one decimal, after removing binary noise (the reference rounds to 1 decimal).
        return new BigDecimal(score).setScale(5, RoundingMode.HALF_UP).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    private static final String[] ORDER = {"AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR"};

    private static int[] distances(Map<String, String> m, Map<String, String> max) {
        int[] d = new int[ORDER.length];
        for (int i = 0; i < ORDER.length; i++) {
            String k = ORDER[i];
            d[i] = level(k, eff(m, k)) - level(k, max.get(k));
        }
        return d;
    }

    /** Severity levels in tenths, most severe lowest (reference calculator's {@code *_levels}). */
    private static int level(String metric, String value) {
        switch (metric) {
            case "AV": return "NALP".indexOf(value);
            case "PR": return "NLH".indexOf(value);
            case "UI": return "NPA".indexOf(value);
            case "AC": return "LH".indexOf(value);
            case "AT": return "NP".indexOf(value);
            case "VC": case "VI": case "VA": return "HLN".indexOf(value);
            case "SC": return "HLN".indexOf(value) + 1;
            case "SI": case "SA": return "SHLN".indexOf(value);
            default: return "HML".indexOf(value); // CR, IR, AR
        }
    }

    private static Map<String, String> parse(String parts) {
        Map<String, String> out = new HashMap<>();
        for (String p : parts.split("/")) {
            out.put(p.substring(0, p.indexOf(':')), p.substring(p.indexOf(':') + 1));
        }
        return out;
    }

    private static String macro(int... eqs) {
        StringBuilder b = new StringBuilder(6);
        for (int e : eqs) {
            b.append(e);
        }
        return b.toString();
    }

    private static Double lookup(String macro) {
        Integer tenths = LOOKUP.get(macro);
        return tenths == null ? null : tenths / 10.0;
    }
}
