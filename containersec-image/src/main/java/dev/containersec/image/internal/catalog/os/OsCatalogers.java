package dev.containersec.image.internal.catalog.os;

import dev.containersec.api.Cataloger;
import java.util.List;

/** The built-in catalogers of operating-system package managers (dpkg, apk, rpm). */
public final class OsCatalogers {
    private OsCatalogers() {
    }

    /**
     * Returns one instance of each built-in OS cataloger.
     *
     * @return the catalogers: {@code dpkg}, {@code apk}, {@code rpm}
     */
    public static List<Cataloger> all() {
        return List.of(new DpkgCataloger(), new ApkCataloger(), new RpmCataloger());
    }
}
