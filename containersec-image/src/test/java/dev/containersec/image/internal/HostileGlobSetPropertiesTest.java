package dev.containersec.image.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * GlobSet against the JDK's {@code glob:} PathMatcher on the same absolute paths. The one deliberate
 * difference, {@code /**}{@code /} also matching no directory at all, is compared by expanding each such
 * occurrence into both {@code /} and {@code /**}{@code /} for the JDK.
 */
class HostileGlobSetPropertiesTest {

    @Provide
    Arbitrary<String> globs() {
        Arbitrary<String> token = Arbitraries.of("a", "b", ".", "ab", "*", "?", "**", "[ab]", "[!a]", "{a,b}", "{ab,b*}",
                "/", "/", "/", "/**/");
        return token.list().ofMinSize(1).ofMaxSize(7).map(l -> "/" + String.join("", l))
                .filter(g -> !g.contains("//") && !g.endsWith("/") && !g.contains("***")
                        && !containsDotComponent(g) && !g.contains("**/**") && !g.contains("***"));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("a", "b", "ab", "ba", ".a", "a.b", "bb", "aab").list().ofMinSize(1).ofMaxSize(5)
                .map(l -> "/" + String.join("/", l));
    }

    private static boolean containsDotComponent(String g) {
        for (String c : g.split("/")) {
            if (c.equals(".") || c.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Every reading of the glob with each {@code /**}{@code /} as either {@code /} or itself. */
    private static List<String> expansions(String glob) {
        int i = glob.indexOf("/**/");
        if (i < 0) {
            return List.of(glob);
        }
        List<String> out = new ArrayList<>();
        for (String rest : expansions(glob.substring(i + 4))) {
            out.add(glob.substring(0, i) + "/" + rest);
            out.add(glob.substring(0, i) + "/**/" + rest);
        }
        return out;
    }

    @Property(tries = 1500)
    void globSet_matchesLikeTheJdkGlob(@ForAll("globs") String glob, @ForAll("paths") String path) {
        boolean expected = false;
        for (String g : expansions(glob)) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + g);
            expected |= m.matches(Path.of(path));
        }

        assertThat(new GlobSet(List.of(glob)).matches(path)).as("%s ~ %s", glob, path).isEqualTo(expected);
    }

    @Property(tries = 300)
    void globSet_overArbitraryPatterns_failsOnlyWithIllegalArgument(@ForAll String glob, @ForAll("paths") String path) {
        GlobSet set;
        try {
            set = new GlobSet(List.of("/" + glob));
        } catch (IllegalArgumentException rejected) {
            return;
        }
        set.matches(path);
    }

}
