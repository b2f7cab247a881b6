package dev.containersec.sbom.internal.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Composer: {@code Composer\Semver\VersionParser::normalize} followed by PHP's {@code version_compare}
 * on the normalised strings. Named dev branches ({@code dev-main}) have no order in Composer (its
 * {@code Comparator} never orders them against versions), so they are rejected here.
 */
public final class ComposerVersion extends VersionKey {

    private static final String MODIFIER =
            "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*+)?)?([.-]?dev)?";
    private static final Pattern CLASSICAL = Pattern.compile(
            "v?(\\d{1,5}+)(\\.\\d++)?(\\.\\d++)?(\\.\\d++)?" + MODIFIER, Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile(
            "v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})" + MODIFIER, Pattern.CASE_INSENSITIVE);
    private static final Pattern DEV_SUFFIX = Pattern.compile("(.*?)[.-]?dev", Pattern.CASE_INSENSITIVE);
    private static final Pattern BRANCH = Pattern.compile(
            "v?(\\d++)(\\.(?:\\d++|[xX*]))?(\\.(?:\\d++|[xX*]))?(\\.(?:\\d++|[xX*]))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALIAS = Pattern.compile("([^,\\s]++) ++as ++([^,\\s]++)");
    private static final Pattern STABILITY_FLAG =
            Pattern.compile("@(?:stable|RC|beta|alpha|dev)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BUILD = Pattern.compile("([^,\\s+]++)\\+[^\\s]++");

    /** Parts of the canonicalised string: a digit part has rank 4 and its number; others their rank. */
    private final int[] ranks;
    private final String[] numbers;

    private ComposerVersion(int[] ranks, String[] numbers) {
        this.ranks = ranks;
        this.numbers = numbers;
    }

    /**
     * Normalises and parses a Composer version.
     *
     * @param text the version
     * @return the key
     * @throws VersionSyntaxException if Composer reports an invalid version string, or for a dev branch
     */
    public static VersionKey parse(String text) throws VersionSyntaxException {
        return canonical(normalize(text));
    }

    /**
     * Returns the string {@code VersionParser::normalize} returns.
     *
     * @param text the version
     * @return the normalised form, e.g. {@code 1.0.0.0-beta2}
     * @throws VersionSyntaxException when Composer rejects it or it is a dev branch
     */
    static String normalize(String text) throws VersionSyntaxException {
        String version = text.strip();
        Matcher alias = ALIAS.matcher(version);
        if (alias.matches()) {
            version = alias.group(1);
        }
        Matcher flag = STABILITY_FLAG.matcher(version);
        if (flag.find()) {
            version = version.substring(0, flag.start());
        }
        if (version.equals("master") || version.equals("trunk") || version.equals("default")
                || version.toLowerCase(Locale.ROOT).startsWith("dev-")) {
            throw new VersionSyntaxException("dev branches have no order in Composer");
        }
        Matcher build = BUILD.matcher(version);
        if (build.matches()) {
            version = build.group(1);
        }
        Matcher m = CLASSICAL.matcher(version);
        int index;
        String normalized;
        if (m.matches()) {
            normalized = m.group(1) + orZero(m.group(2)) + orZero(m.group(3)) + orZero(m.group(4));
            index = 5;
        } else {
            m = DATE.matcher(version);
            if (m.matches()) {
                normalized = m.group(1).replaceAll("\\D", ".");
                index = 2;
            } else {
                Matcher dev = DEV_SUFFIX.matcher(version);
                if (dev.matches()) {
                    Matcher b = BRANCH.matcher(dev.group(1));
                    if (b.matches()) {
                        StringBuilder out = new StringBuilder();
                        for (int g = 1; g <= 4; g++) {
                            String p = b.group(g);
                            if (p == null || p.isEmpty()) {
                                p = g == 1 ? "" : ".x";
                            }
                            out.append(p.replace("*", "x").replace("X", "x").replace("x", "9999999"));
                        }
                        return out + "-dev";
                    }
                    throw new VersionSyntaxException("dev branches have no order in Composer");
                }
                throw new VersionSyntaxException("invalid version string");
            }
        }
        String stability = m.group(index);
        if (stability != null && !stability.isEmpty()) {
            if (stability.equalsIgnoreCase("stable")) {
                return normalized;
            }
            String number = m.group(index + 1);
            normalized += "-" + expandStability(stability)
                    + (number != null ? number.replaceFirst("^[.-]+", "") : "");
        }
        String dev = m.group(index + 2);
        if (dev != null && !dev.isEmpty()) {
            normalized += "-dev";
        }
        return normalized;
    }

    private static String orZero(String group) {
        return group == null || group.isEmpty() ? ".0" : group;
    }

    private static String expandStability(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return switch (l) {
            case "a" -> "alpha";
            case "b" -> "beta";
            case "p", "pl" -> "patch";
            case "rc" -> "RC";
            default -> l;
        };
    }

    /** php_canonicalize_version, then split into parts ranked as php_version_compare ranks them. */
    private static ComposerVersion canonical(String v) {
        StringBuilder q = new StringBuilder(v.length() * 2);
        char lp = v.charAt(0);
        q.append(lp);
        for (int i = 1; i < v.length(); i++) {
            char p = v.charAt(i);
            char last = q.charAt(q.length() - 1);
            if (p == '-' || p == '_' || p == '+') {
                if (last != '.') {
                    q.append('.');
                }
            } else if ((isNonDigit(lp) && isDig(p)) || (isDig(lp) && isNonDigit(p))) {
                if (last != '.') {
                    q.append('.');
                }
                q.append(p);
            } else if (!Num.isAsciiAlnum(p)) {
                if (last != '.') {
                    q.append('.');
                }
            } else {
                q.append(p);
            }
            lp = p;
        }
        List<Integer> ranks = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (String part : q.toString().split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (Num.isDigit(part.charAt(0))) {
                int end = 0;
                while (end < part.length() && Num.isDigit(part.charAt(end))) {
                    end++;
                }
                ranks.add(4);
                numbers.add(Num.strip(part.substring(0, end)));
            } else {
                ranks.add(specialRank(part));
                numbers.add("");
            }
        }
        int[] r = new int[ranks.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ranks.get(i);
        }
        return new ComposerVersion(r, numbers.toArray(new String[0]));
    }

    private static boolean isDig(char c) {
        return Num.isDigit(c);
    }

    private static boolean isNonDigit(char c) {
        return !Num.isDigit(c) && c != '.';
    }

    /** compare_special_version_forms: first prefix match in PHP's list, else -1. */
    private static int specialRank(String form) {
        String[] names = {"dev", "alpha", "a", "beta", "b", "RC", "rc", "#", "pl", "p"};
        int[] order = {0, 1, 1, 2, 2, 3, 3, 4, 5, 5};
        for (int i = 0; i < names.length; i++) {
            if (form.startsWith(names[i])) {
                return order[i];
            }
        }
        return -1;
    }

    @Override
    public int compareKey(VersionKey other) {
        ComposerVersion o = (ComposerVersion) other;
        int n = Math.min(ranks.length, o.ranks.length);
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(ranks[i], o.ranks[i]);
            if (c == 0 && ranks[i] == 4) {
                c = Num.compareStripped(numbers[i], o.numbers[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        if (ranks.length == o.ranks.length) {
            return 0;
        }
        // The longer one is newer if what follows is a number, else its next part is ranked against "#".
        boolean longerIsThis = ranks.length > o.ranks.length;
        int next = longerIsThis ? ranks[n] : o.ranks[n];
        int c = next == 4 ? 1 : Integer.compare(next, 4);
        return longerIsThis ? c : -c;
    }

    @Override
    protected int canonicalHash() {
        int h = 1;
        for (int i = 0; i < ranks.length; i++) {
            h = h * 31 + ranks[i];
            h = h * 31 + numbers[i].hashCode();
        }
        return h;
    }
}
