package dev.containersec.image.internal.catalog.lang;

import dev.containersec.api.Cataloger;
import java.util.List;

/** The built-in catalogers of language ecosystems (Java archives, npm, Python, Go, Rust, Ruby, PHP, .NET). */
public final class LanguageCatalogers {
    private LanguageCatalogers() {
    }

    /**
     * Returns one instance of each built-in language cataloger.
     *
     * @return the catalogers
     */
    public static List<Cataloger> all() {
        return List.of();
    }
}
