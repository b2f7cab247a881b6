package dev.containersec.api;

import java.util.List;
import java.util.Objects;

/**
 * The operating system an image's files declare, from {@code os-release} or a distribution's own
 * release file.
 *
 * @param id the lower-case distribution id, e.g. {@code debian}, {@code alpine}, {@code almalinux}
 * @param versionId the version, e.g. {@code 12} or {@code 3.20.3}; empty for rolling releases
 * @param versionCodename the code name, e.g. {@code bookworm}, empty when unknown
 * @param prettyName a human-readable name, e.g. {@code Debian GNU/Linux 12 (bookworm)}
 * @param idLike the ids of related distributions ({@code ID_LIKE}), e.g. {@code [rhel, centos, fedora]}
 * @param source the absolute path the facts were read from, e.g. {@code /etc/os-release}
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/os-release.html">os-release</a>
 */
public record OsRelease(String id, String versionId, String versionCodename, String prettyName,
                        List<String> idLike, String source) {

    /** Checks for nulls and copies the list. */
    public OsRelease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(versionCodename, "versionCodename");
        Objects.requireNonNull(prettyName, "prettyName");
        idLike = List.copyOf(idLike);
        Objects.requireNonNull(source, "source");
    }

    /**
     * Returns {@code id versionId}, e.g. {@code debian 12}.
     *
     * @return a short display form
     */
    public String shortName() {
        return versionId.isEmpty() ? id : id + " " + versionId;
    }
}
