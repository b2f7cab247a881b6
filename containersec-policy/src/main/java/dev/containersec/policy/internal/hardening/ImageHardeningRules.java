package dev.containersec.policy.internal.hardening;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.containersec.api.FileEntry;
import dev.containersec.api.FileType;
import dev.containersec.api.HistoryEntry;
import dev.containersec.api.ImageConfig;
import dev.containersec.image.FileWalk;
import dev.containersec.image.Image;
import dev.containersec.policy.PolicyMode;
import dev.containersec.policy.PolicyPackFinding;
import dev.containersec.policy.PolicyPackRule;
import dev.containersec.policy.PolicySeverity;
import dev.containersec.policy.PolicyViolation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code image-hardening} rules over an image's configuration and files, with the CIS Docker Benchmark
 * (section 4, as Dockle numbers it: {@code CIS-DI-00xx}), Dockle ({@code DKL-DI-00xx}), Trivy ({@code DS-00xx})
 * and hadolint ({@code DLxxxx}) IDs as aliases. File checks take one {@link FileWalk}. Secret values are never
 * put in messages.
 */
public final class ImageHardeningRules {

    /** Runs as root. */
    public static final PolicyPackRule ROOT_USER = new PolicyPackRule("image-root-user",
            List.of("CIS-DI-0001", "CIS-4.1", "DS-0002", "AVD-DS-0002", "DL3002"), PolicySeverity.HIGH, false,
            "The image runs as a non-root user (config User is set and is not root or UID 0).",
            "Create a user in the image and end the Dockerfile with USER <uid>.");
    /** Secrets in ENV, labels or history. */
    public static final PolicyPackRule SECRET_IN_CONFIG = new PolicyPackRule("image-secret-in-config",
            List.of("CIS-DI-0010", "CIS-4.10", "DS-0031", "AVD-DS-0031", "DL3064"), PolicySeverity.CRITICAL, false,
            "No secrets in the image config: ENV, labels and build history hold no passwords, tokens, AWS keys "
                    + "or private keys.",
            "Pass secrets at run time (mounted secrets, BuildKit --mount=type=secret), rotate the leaked one.");
    /** Private keys and credential files in layers. */
    public static final PolicyPackRule SECRET_FILE = new PolicyPackRule("image-secret-file",
            List.of("CIS-DI-0010", "CIS-4.10", "DS-0031", "AVD-DS-0031"), PolicySeverity.CRITICAL, false,
            "No private keys or credential files in the layers (*.pem/*.key with a PRIVATE KEY, id_rsa and other "
                    + "SSH keys, .aws/credentials, .docker/config.json with auths).",
            "Remove the file in the same layer that added it (or never COPY it), and rotate the credential.");
    /** setuid/setgid files. */
    public static final PolicyPackRule SETUID = new PolicyPackRule("image-setuid-setgid",
            List.of("CIS-DI-0008", "CIS-4.8"), PolicySeverity.LOW, false,
            "No setuid or setgid files that the application does not need.",
            "Remove the bits: RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +");
    /** ADD of remote URLs. */
    public static final PolicyPackRule ADD_REMOTE = new PolicyPackRule("image-add-remote-url",
            List.of("CIS-DI-0009", "CIS-4.9", "DS-0005", "AVD-DS-0005", "DL3020"), PolicySeverity.MEDIUM, false,
            "The build does not ADD remote URLs (unverified downloads); COPY is used for local files.",
            "Download with curl and verify a checksum in a RUN step, or use ADD --checksum.");
    /** No HEALTHCHECK. */
    public static final PolicyPackRule NO_HEALTHCHECK = new PolicyPackRule("image-no-healthcheck",
            List.of("CIS-DI-0006", "CIS-4.6", "DS-0026", "AVD-DS-0026", "DL3057"), PolicySeverity.LOW, false,
            "The image declares a HEALTHCHECK.",
            "Add HEALTHCHECK CMD <probe> to the Dockerfile (or rely on orchestrator probes and waive this).");
    /** sudo installed. */
    public static final PolicyPackRule SUDO = new PolicyPackRule("image-sudo",
            List.of("DKL-DI-0001", "DS-0010", "AVD-DS-0010", "DL3004"), PolicySeverity.HIGH, false,
            "sudo is not installed in the image.",
            "Remove sudo; run build steps as root and the container as an unprivileged user.");
    /** Package-manager caches left behind. */
    public static final PolicyPackRule PACKAGE_CACHE = new PolicyPackRule("image-package-cache",
            List.of("DKL-DI-0005", "DKL-DI-0004", "DL3009", "DL3019", "DL3042", "DS-0025", "AVD-DS-0025"),
            PolicySeverity.LOW, false,
            "No package-manager caches are left in the image (apt archives and lists, apk cache, pip cache).",
            "Clean in the same RUN: rm -rf /var/lib/apt/lists/*, apk add --no-cache, pip install --no-cache-dir.");

    /** Every rule, in evaluation order. */
    public static final List<PolicyPackRule> RULES = List.of(ROOT_USER, SECRET_IN_CONFIG, SECRET_FILE, SETUID,
            ADD_REMOTE, NO_HEALTHCHECK, SUDO, PACKAGE_CACHE);

    private static final Pattern AWS_KEY = Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\\b");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern GITHUB_TOKEN = Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b");
    /** A sensitive name: a segment such as PASSWORD, SECRET, TOKEN, API_KEY in a NAME_LIKE_THIS. */
    private static final Pattern SENSITIVE_NAME = Pattern.compile(
            "(?i)(?:^|[_.-])(?:PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY"
                    + "|CREDENTIALS?|AUTH_?TOKEN)(?:$|[_.-])");
    /** Names that point at a secret rather than hold it. */
    private static final Pattern REFERENCE_NAME = Pattern.compile("(?i).*[_.-](?:FILE|PATH|DIR|HOST|USER|USERNAME)$");
    /** {@code NAME=value} in a build step. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]*)=(\"[^\"]*\"|'[^']*'|[^\\s\"';&|]*)");
    private static final Pattern ADD_URL = Pattern.compile("(?i)(?:^|\\s|\\))ADD\\s+(?:--\\S+\\s+)*(https?://\\S+)");

    private static final Set<String> SUDO_PATHS = Set.of("/usr/bin/sudo", "/bin/sudo", "/usr/sbin/sudo", "/sbin/sudo",
            "/usr/local/bin/sudo");
    private static final List<String> SECRET_GLOBS = List.of("/**/*.pem", "/**/*.key", "/**/id_rsa", "/**/id_dsa",
            "/**/id_ecdsa", "/**/id_ed25519", "/**/.aws/credentials", "/**/.docker/config.json");
    private static final int MAX_READ = 1 << 20;
    /** Most setuid/setgid files listed one by one; the rest are counted in one finding. */
    private static final int MAX_LISTED = 200;
    /** Docker config files are small and hostile: bounded nesting, strings and size (read at most 1 MiB). */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(MAX_READ)
                    .build()).build()).build();

    private ImageHardeningRules() {
    }

    /**
     * Checks an image's configuration only.
     *
     * @param config the configuration
     * @param imageName the image's name, for findings
     * @param mode the pack's mode
     * @return the findings, in rule order
     */
    public static List<PolicyPackFinding> checkConfig(ImageConfig config, String imageName, PolicyMode mode) {
        List<PolicyPackFinding> out = new ArrayList<>();
        if (config.runsAsRoot()) {
            out.add(finding(ROOT_USER, mode, "config.User", config.user().isEmpty()
                    ? "the image runs as root (no USER set)" : "the image runs as root (User '" + config.user() + "')",
                    imageName, config.user().isEmpty() ? "unset" : config.user()));
        }
        for (int i = 0; i < config.env().size(); i++) {
            String e = config.env().get(i);
            int eq = e.indexOf('=');
            String name = eq < 0 ? e : e.substring(0, eq);
            String value = eq < 0 ? "" : e.substring(eq + 1);
            secretAssignment(name, value).ifPresent(why -> out.add(finding(SECRET_IN_CONFIG, mode,
                    "config.Env[" + name + "]", "ENV " + name + " " + why, imageName, name)));
        }
        for (Map.Entry<String, String> l : config.labels().entrySet()) {
            secretAssignment(l.getKey(), l.getValue()).ifPresent(why -> out.add(finding(SECRET_IN_CONFIG, mode,
                    "config.Labels[" + l.getKey() + "]", "label " + l.getKey() + " " + why, imageName, l.getKey())));
        }
        for (int i = 0; i < config.history().size(); i++) {
            HistoryEntry h = config.history().get(i);
            String step = h.createdBy();
            Optional<String> why = secretInText(step);
            if (why.isPresent()) {
                out.add(finding(SECRET_IN_CONFIG, mode, "history[" + i + "].created_by",
                        "build step " + i + " " + why.get(), imageName, "history[" + i + "]"));
            }
        }
        for (int i = 0; i < config.history().size(); i++) {
            Matcher m = ADD_URL.matcher(config.history().get(i).createdBy());
            if (m.find()) {
                out.add(finding(ADD_REMOTE, mode, "history[" + i + "].created_by", "build step " + i
                        + " ADDs a remote URL " + m.group(1) + "; download and verify it in a RUN step instead",
                        imageName, m.group(1)));
            }
        }
        if (config.healthcheck().isEmpty() || config.healthcheck().get().disabled()) {
            out.add(finding(NO_HEALTHCHECK, mode, "config.Healthcheck", config.healthcheck().isEmpty()
                    ? "the image declares no HEALTHCHECK" : "the image's HEALTHCHECK is disabled (NONE)",
                    imageName, config.healthcheck().isEmpty() ? "unset" : "NONE"));
        }
        return out;
    }

    /**
     * Checks an image: its configuration, then its files in one walk.
     *
     * @param image the opened image
     * @param imageName the image's name, for findings
     * @param mode the pack's mode
     * @return the findings, configuration rules first, then file rules in rule order, files by path
     */
    public static List<PolicyPackFinding> check(Image image, String imageName, PolicyMode mode) {
        FileChecks files = new FileChecks();
        image.walk(files.walk());
        List<PolicyPackFinding> out = new ArrayList<>(checkConfig(image.config(), imageName, mode));
        out.addAll(files.findings(imageName, mode));
        return out;
    }

    /**
     * The file checks of one image, fed by a {@link FileWalk} that someone else may run (alone, or inside
     * a walk that also catalogs the image). One instance per image; its walk is run at most once.
     */
    public static final class FileChecks {
        private final Map<String, String> secretFiles = new TreeMap<>();
        private final List<String> setuid = new ArrayList<>();
        private long setuidTotal;
        private final List<String> sudo = new ArrayList<>();
        private final Map<String, Integer> caches = new TreeMap<>();
        private final FileWalk walk;
        private volatile boolean finished;

        /** Starts empty. */
        public FileChecks() {
            this.walk = FileWalk.builder()
                    .listing(e -> {
                        notFinished();
                        listed(e);
                    })
                    .contents(SECRET_GLOBS, (entry, in) -> {
                        notFinished();
                        secretFile(entry, in).ifPresent(why -> secretFiles.putIfAbsent(entry.path(), why));
                    })
                    .onFinish(r -> finished = true)
                    .build();
        }

        /**
         * Returns the walk that collects the file facts: the merged listing (setuid, sudo, caches) and the
         * contents of possible credential files. The same walk on every call; it may run once.
         *
         * @return the walk
         */
        public FileWalk walk() {
            return walk;
        }

        /** A second run would count every file twice. */
        private void notFinished() {
            if (finished) {
                throw new IllegalStateException("the image-hardening file walk has already run; it may run once");
            }
        }

        /**
         * Returns the file rules' findings.
         *
         * @param imageName the image's name, for findings
         * @param mode the pack's mode
         * @return the findings in rule order, files by path
         * @throws IllegalStateException if the walk has not run to its end (the facts would be incomplete)
         */
        public List<PolicyPackFinding> findings(String imageName, PolicyMode mode) {
            if (!finished) {
                throw new IllegalStateException("the image-hardening file walk of " + imageName + " has not run; run "
                        + "its FileWalk over the image (Image.walk or ImageCataloger.catalog(image, walk)) first");
            }
            List<PolicyPackFinding> out = new ArrayList<>();
            secretFiles.forEach((path, why) -> out.add(finding(SECRET_FILE, mode, path, path + " " + why, imageName,
                    path)));
            for (String p : setuid) {
                out.add(finding(SETUID, mode, p, p + " has the setuid or setgid bit", imageName, p));
            }
            if (setuidTotal > setuid.size()) {
                out.add(finding(SETUID, mode, "/", "... and " + (setuidTotal - setuid.size())
                        + " more setuid or setgid files not listed", imageName, "/"));
            }
            for (String p : sudo) {
                out.add(finding(SUDO, mode, p, "sudo is installed at " + p, imageName, p));
            }
            caches.forEach((dir, n) -> out.add(finding(PACKAGE_CACHE, mode, dir, "package-manager cache " + dir
                    + " holds " + n + (n == 1 ? " file" : " files") + " left behind", imageName, dir)));
            return out;
        }

        private void listed(FileEntry e) {
            String p = e.path();
            if (e.type() == FileType.REGULAR && e.isSetuidOrSetgid()) {
                // A hostile image may hold millions: list the first ones, count the rest.
                if (setuidTotal++ < MAX_LISTED) {
                    setuid.add(p);
                }
            }
            if ((e.type() == FileType.REGULAR || e.type() == FileType.SYMLINK || e.type() == FileType.HARDLINK)
                    && SUDO_PATHS.contains(p)) {
                sudo.add(p);
            }
            if (e.type() != FileType.REGULAR) {
                return;
            }
            String cache = null;
            if (p.startsWith("/var/cache/apt/archives/") && p.endsWith(".deb")) {
                cache = "/var/cache/apt/archives";
            } else if (p.startsWith("/var/lib/apt/lists/") && !p.equals("/var/lib/apt/lists/lock")) {
                cache = "/var/lib/apt/lists";
            } else if (p.startsWith("/var/cache/apk/")) {
                cache = "/var/cache/apk";
            } else if (p.startsWith("/root/.cache/pip/")) {
                cache = "/root/.cache/pip";
            }
            if (cache != null) {
                caches.merge(cache, 1, Integer::sum);
            }
        }
    }


    /**
     * Decides whether a file holds a credential.
     *
     * @param entry the file
     * @param in its content
     * @return why it is a secret file, or empty
     * @throws IOException if reading fails
     */
    static Optional<String> secretFile(FileEntry entry, InputStream in) throws IOException {
        String p = entry.path();
        String name = p.substring(p.lastIndexOf('/') + 1);
        byte[] bytes = in.readNBytes(MAX_READ);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (name.endsWith(".pem") || name.endsWith(".key")) {
            return PRIVATE_KEY.matcher(text).find() ? Optional.of("holds a private key") : Optional.empty();
        }
        if (name.startsWith("id_")) {
            return bytes.length > 0 ? Optional.of("is an SSH private key") : Optional.empty();
        }
        if (p.endsWith("/.aws/credentials")) {
            return text.contains("aws_secret_access_key") || text.contains("aws_session_token")
                    || AWS_KEY.matcher(text).find()
                    ? Optional.of("holds AWS credentials") : Optional.empty();
        }
        if (p.endsWith("/.docker/config.json")) {
            return dockerAuths(bytes) ? Optional.of("holds registry credentials (auths)") : Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean dockerAuths(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            return false;
        }
        if (root == null) {
            return false;
        }
        JsonNode auths = root.path("auths");
        for (JsonNode a : auths) {
            for (String f : List.of("auth", "identitytoken", "password", "registrytoken")) {
                if (a.path(f).isTextual() && !a.path(f).textValue().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Decides whether {@code name=value} holds a secret.
     *
     * @param name the variable or label name
     * @param value its value
     * @return why (without the value), or empty
     */
    static Optional<String> secretAssignment(String name, String value) {
        Optional<String> inValue = secretValue(value);
        if (inValue.isPresent()) {
            return inValue;
        }
        if (!value.isEmpty() && SENSITIVE_NAME.matcher(name).find() && !REFERENCE_NAME.matcher(name).matches()) {
            return Optional.of("has a sensitive name and a non-empty value");
        }
        return Optional.empty();
    }

    private static Optional<String> secretValue(String value) {
        if (AWS_KEY.matcher(value).find()) {
            return Optional.of("holds an AWS access key ID");
        }
        if (PRIVATE_KEY.matcher(value).find()) {
            return Optional.of("holds a private key");
        }
        if (GITHUB_TOKEN.matcher(value).find()) {
            return Optional.of("holds a GitHub token");
        }
        return Optional.empty();
    }

    /**
     * Decides whether a build step holds a secret.
     *
     * @param text the step
     * @return why (without the value), or empty
     */
    static Optional<String> secretInText(String text) {
        Optional<String> v = secretValue(text);
        if (v.isPresent()) {
            return v;
        }
        Matcher m = ASSIGNMENT.matcher(text);
        while (m.find()) {
            String value = m.group(2);
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.isEmpty() && !value.startsWith("$") && SENSITIVE_NAME.matcher(m.group(1)).find()
                    && !REFERENCE_NAME.matcher(m.group(1)).matches()) {
                return Optional.of("sets " + m.group(1) + " to a non-empty value");
            }
        }
        return Optional.empty();
    }

    private static PolicyPackFinding finding(PolicyPackRule rule, PolicyMode mode, String path, String message,
                                             String imageName, String value) {
        return new PolicyPackFinding(new PolicyViolation(rule.id(), path, message, rule.severity(), rule.modeIn(mode)),
                rule.aliases(), Optional.empty(), Optional.of(imageName), Optional.of(value), Optional.empty());
    }
}
