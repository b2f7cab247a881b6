package dev.containersec.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An image platform: operating system, CPU architecture and optional variant, as in an OCI image
 * index. {@link #parse(String)} reads {@code os/arch[/variant]}; {@link #toString()} writes it back.
 * Architecture aliases are normalised the way container runtimes do ({@code x86_64} is {@code amd64},
 * {@code aarch64} is {@code arm64}).
 *
 * @param os the operating system, e.g. {@code linux}
 * @param architecture the CPU architecture, e.g. {@code amd64}
 * @param variant the CPU variant, e.g. {@code v8}, when one is given
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">OCI image index</a>
 */
public record Platform(String os, String architecture, Optional<String> variant) {

    /** The platform chosen when the caller names none: {@code linux/amd64}. */
    public static final Platform DEFAULT = new Platform("linux", "amd64", Optional.empty());

    /**
     * Validates and normalises the components.
     *
     * @throws IllegalArgumentException if a component is blank or contains a slash
     */
    public Platform {
        os = component(os, "os");
        architecture = normaliseArchitecture(component(architecture, "architecture"));
        Objects.requireNonNull(variant, "variant");
        variant = variant.map(v -> component(v, "variant"));
    }

    /**
     * Creates a platform without a variant.
     *
     * @param os the operating system
     * @param architecture the CPU architecture
     * @return the platform
     */
    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, Optional.empty());
    }

    /**
     * Parses {@code os/arch} or {@code os/arch/variant}.
     *
     * @param text the platform string
     * @return the platform
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static Platform parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("not a platform (expected os/arch[/variant]): '" + text + "'");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
    }

    /**
     * Tells whether an image built for {@code candidate} satisfies a request for this platform: the
     * os and architecture are equal, and the variant is equal when this platform names one (with
     * {@code arm64} treating a missing variant as {@code v8}).
     *
     * @param candidate the platform an image declares
     * @return true when the candidate satisfies this request
     */
    public boolean matches(Platform candidate) {
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return false;
        }
        if (variant.isEmpty()) {
            return true;
        }
        return variant.get().equals(candidate.effectiveVariant().orElse(""));
    }

    private Optional<String> effectiveVariant() {
        if (variant.isEmpty() && architecture.equals("arm64")) {
            return Optional.of("v8");
        }
        return variant;
    }

    /**
     * Returns {@code os/arch[/variant]}.
     *
     * @return the platform string
     */
    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }

    private static String component(String value, String name) {
        Objects.requireNonNull(value, name);
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.contains("/")) {
            throw new IllegalArgumentException("platform " + name + " must be non-blank without '/': '" + value + "'");
        }
        return v;
    }

    private static String normaliseArchitecture(String arch) {
        switch (arch) {
            case "x86_64":
            case "x86-64":
                return "amd64";
            case "aarch64":
                return "arm64";
            case "i386":
            case "i686":
                return "386";
            default:
                return arch;
        }
    }
}
