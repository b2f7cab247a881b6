package dev.containersec.image.internal.catalog.lang;

import dev.containersec.api.Cataloger;
import java.util.List;

/**
 * The built-in catalogers of language ecosystems (Java archives, npm, Python, Go, Rust, Ruby, PHP, .NET).
 *
 * <p>Common rules: a matched file that is not what its name promises (a {@code .jar} that is no zip, a
 * {@code package.json} that is no JSON, an executable that is no Go or auditable Rust ELF binary) yields no
 * package and no exception, so that one odd file cannot end the catalog of a whole image; a document over
 * {@link dev.containersec.api.ScanLimits#maxDocumentBytes()} or {@link dev.containersec.api.ScanLimits#maxJsonDepth()}
 * ends in a {@link dev.containersec.api.LimitExceededException}; bounds met inside Java archives are recorded
 * in package metadata ({@code skipped}). Every package's metadata {@code evidence} says what identified it.
 */
public final class LanguageCatalogers {
    private LanguageCatalogers() {
    }

    /**
     * Returns one instance of each built-in language cataloger.
     *
     * @return the catalogers, ids {@code java-archive}, {@code npm}, {@code python}, {@code go-binary},
     *     {@code rust-cargo-auditable}, {@code ruby-gem}, {@code php-composer}, {@code dotnet-deps}
     */
    public static List<Cataloger> all() {
        return List.of(new JavaArchiveCataloger(), new NpmCataloger(), new PythonCataloger(), new GoBinaryCataloger(),
                new RustAuditableCataloger(), new RubyGemCataloger(), new ComposerCataloger(), new DotnetDepsCataloger());
    }
}
