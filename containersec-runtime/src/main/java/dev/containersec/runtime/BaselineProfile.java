package dev.containersec.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.runtime.internal.baseline.IpNet;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A learned behavioural baseline: per workload key (container image repository, else container id, else a
 * workload name), the sorted entries of each {@link BaselineCategory} and how many distinct entries did not
 * fit the profiler's caps. Immutable.
 *
 * <p>The JSON form ({@link #toJson()}) is readable and stable: keys and entries sorted, two-space
 * indentation, one entry per line:
 *
 * <pre>{@code
 * {
 *   "format" : "containersec-baseline",
 *   "version" : 1,
 *   "workloads" : {
 *     "docker.io/library/nginx" : {
 *       "processes" : [
 *         "nginx -g <path>"
 *       ],
 *       "parents" : [ ... ], "fileWrites" : [ ... ], "egress" : [ ... ], "listening" : [ ... ],
 *       "overflow" : {
 *         "processes" : 0, ...
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * @param workloads the baseline of each workload, by key
 */
public record BaselineProfile(SortedMap<String, Workload> workloads) {

    /** The {@code format} value of a profile document. */
    public static final String FORMAT = "containersec-baseline";

    /** The version of the JSON format this class writes and reads. */
    public static final int VERSION = 1;

    /** Longest entry or workload key {@link #parse} accepts, in characters. */
    public static final int MAX_ENTRY_CHARS = 4096;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * Copies the map, sorted by key.
     */
    public BaselineProfile {
        workloads = Collections.unmodifiableSortedMap(new TreeMap<>(workloads));
    }

    /**
     * What one workload was seen doing.
     *
     * @param entries the sorted entries of each category (every category present, possibly empty)
     * @param overflow per category, how many distinct entries were not recorded because of the cap
     */
    public record Workload(Map<BaselineCategory, SortedSet<String>> entries, Map<BaselineCategory, Long> overflow) {

        /**
         * Copies the collections, filling absent categories with empty sets and zero counts.
         *
         * @throws IllegalArgumentException if an overflow count is negative
         */
        public Workload {
            EnumMap<BaselineCategory, SortedSet<String>> e = new EnumMap<>(BaselineCategory.class);
            EnumMap<BaselineCategory, Long> o = new EnumMap<>(BaselineCategory.class);
            for (BaselineCategory c : BaselineCategory.values()) {
                e.put(c, Collections.unmodifiableSortedSet(new TreeSet<>(entries.getOrDefault(c, new TreeSet<>()))));
                long n = Objects.requireNonNull(overflow.getOrDefault(c, 0L), "overflow");
                if (n < 0) {
                    throw new IllegalArgumentException("overflow of " + c.jsonName() + " must be >= 0, was " + n);
                }
                o.put(c, n);
            }
            entries = Collections.unmodifiableMap(e);
            overflow = Collections.unmodifiableMap(o);
        }

        /**
         * Returns the entries of one category.
         *
         * @param category the category
         * @return its sorted entries
         */
        public SortedSet<String> of(BaselineCategory category) {
            return entries.get(category);
        }
    }

    /**
     * Writes the profile as JSON (UTF-8 text, sorted, ending with a newline).
     *
     * @return the JSON document
     */
    public String toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode ws = root.putObject("workloads");
        for (Map.Entry<String, Workload> w : workloads.entrySet()) {
            ObjectNode node = ws.putObject(w.getKey());
            for (BaselineCategory c : BaselineCategory.values()) {
                ArrayNode a = node.putArray(c.jsonName());
                w.getValue().of(c).forEach(a::add);
            }
            ObjectNode o = node.putObject("overflow");
            for (BaselineCategory c : BaselineCategory.values()) {
                o.put(c.jsonName(), w.getValue().overflow().get(c));
            }
        }
        try {
            com.fasterxml.jackson.core.util.DefaultPrettyPrinter printer =
                    new com.fasterxml.jackson.core.util.DefaultPrettyPrinter();
            printer.indentArraysWith(com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE
                    .withLinefeed("\n"));
            printer.indentObjectsWith(com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE
                    .withLinefeed("\n"));
            return JSON.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a baseline profile", e);
        }
    }

    /**
     * Reads a profile written by {@link #toJson()}. The document is bounded by
     * {@link ScanLimits#maxDocumentBytes()} and {@link ScanLimits#maxJsonDepth()}, the number of entries by
     * {@link ScanLimits#maxEntriesPerImage()}; duplicate keys, unknown keys, another format or version, and
     * entries that do not parse (an egress entry must be {@code PROTO CIDR PORT}) are refused.
     *
     * @param name the document's name, for messages
     * @param bytes the UTF-8 document
     * @param limits the bounds
     * @return the profile
     * @throws LimitExceededException if a bound is exceeded
     * @throws InvalidInputException if the document is not a valid profile
     */
    public static BaselineProfile parse(String name, byte[] bytes, ScanLimits limits) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limits, "limits");
        if (bytes.length > limits.maxDocumentBytes()) {
            throw new LimitExceededException(name, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                    bytes.length);
        }
        JsonNode root;
        try {
            com.fasterxml.jackson.core.JsonFactory factory = JSON.getFactory().copy()
                    .setStreamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Math.min(limits.maxJsonDepth(), 8))
                            .maxStringLength(MAX_ENTRY_CHARS * 2).build());
            try (com.fasterxml.jackson.core.JsonParser parser = factory.createParser(bytes)) {
                parser.setCodec(JSON);
                root = parser.readValueAsTree();
                if (parser.nextToken() != null) {
                    throw new InvalidInputException(name, "trailing content after the profile");
                }
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (StreamConstraintsException e) {
            if (String.valueOf(e.getMessage()).contains("nesting")) {
                throw new LimitExceededException(name, ScanLimits.Limit.JSON_DEPTH, Math.min(limits.maxJsonDepth(), 8),
                        Math.min(limits.maxJsonDepth(), 8) + 1L);
            }
            throw new InvalidInputException(name, "a value is too long: " + e.getMessage(), e);
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidInputException(name, "not a JSON baseline profile: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(name, "a baseline profile must be a JSON object");
        }
        expectKeys(name, root, "format", "version", "workloads");
        if (!FORMAT.equals(root.path("format").asText(null)) || !root.path("format").isTextual()) {
            throw new InvalidInputException(name, "format must be \"" + FORMAT + "\"");
        }
        if (!root.path("version").isInt() || root.path("version").intValue() != VERSION) {
            throw new InvalidInputException(name, "unsupported version " + root.path("version")
                    + "; this reader supports version " + VERSION);
        }
        JsonNode ws = root.path("workloads");
        if (!ws.isObject()) {
            throw new InvalidInputException(name, "workloads must be an object");
        }
        long total = 0;
        TreeMap<String, Workload> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ws.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> w = it.next();
            String key = checkText(name, "workload key", w.getKey());
            JsonNode node = w.getValue();
            if (!node.isObject()) {
                throw new InvalidInputException(name, "workload '" + key + "' must be an object");
            }
            String[] allowed = new String[BaselineCategory.values().length + 1];
            EnumMap<BaselineCategory, SortedSet<String>> entries = new EnumMap<>(BaselineCategory.class);
            EnumMap<BaselineCategory, Long> overflow = new EnumMap<>(BaselineCategory.class);
            for (BaselineCategory c : BaselineCategory.values()) {
                allowed[c.ordinal()] = c.jsonName();
                JsonNode a = node.path(c.jsonName());
                TreeSet<String> set = new TreeSet<>();
                if (!a.isMissingNode()) {
                    if (!a.isArray()) {
                        throw new InvalidInputException(name, key + "." + c.jsonName() + " must be an array");
                    }
                    for (JsonNode e : a) {
                        if (!e.isTextual()) {
                            throw new InvalidInputException(name, key + "." + c.jsonName() + " must hold strings");
                        }
                        if (++total > limits.maxEntriesPerImage()) {
                            throw new LimitExceededException(name, ScanLimits.Limit.ENTRIES_PER_IMAGE,
                                    limits.maxEntriesPerImage(), total);
                        }
                        set.add(checkEntry(name, key, c, e.textValue()));
                    }
                }
                entries.put(c, set);
            }
            allowed[allowed.length - 1] = "overflow";
            expectKeys(name, node, allowed);
            JsonNode o = node.path("overflow");
            if (!o.isMissingNode()) {
                if (!o.isObject()) {
                    throw new InvalidInputException(name, key + ".overflow must be an object");
                }
                String[] names = new String[BaselineCategory.values().length];
                for (BaselineCategory c : BaselineCategory.values()) {
                    names[c.ordinal()] = c.jsonName();
                    JsonNode n = o.path(c.jsonName());
                    if (!n.isMissingNode()) {
                        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.longValue() < 0) {
                            throw new InvalidInputException(name, key + ".overflow." + c.jsonName()
                                    + " must be a count >= 0, was " + n);
                        }
                        overflow.put(c, n.longValue());
                    }
                }
                expectKeys(name, o, names);
            }
            out.put(key, new Workload(entries, overflow));
        }
        return new BaselineProfile(out);
    }

    /**
     * Reads a profile from UTF-8 text, as {@link #parse(String, byte[], ScanLimits)}.
     *
     * @param name the document's name, for messages
     * @param text the document
     * @param limits the bounds
     * @return the profile
     */
    public static BaselineProfile parse(String name, String text, ScanLimits limits) {
        return parse(name, text.getBytes(StandardCharsets.UTF_8), limits);
    }

    private static void expectKeys(String name, JsonNode node, String... allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!java.util.Arrays.asList(allowed).contains(k)) {
                throw new InvalidInputException(name, "unknown key '" + truncate(k) + "'; allowed: "
                        + String.join(", ", allowed));
            }
        }
    }

    private static String checkText(String name, String what, String s) {
        if (s.isEmpty() || s.length() > MAX_ENTRY_CHARS || s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new InvalidInputException(name, what + " '" + truncate(s)
                    + "' must be 1.." + MAX_ENTRY_CHARS + " characters without control characters");
        }
        return s;
    }

    private static String checkEntry(String name, String key, BaselineCategory c, String s) {
        checkText(name, key + "." + c.jsonName() + " entry", s);
        try {
            switch (c) {
                case EGRESS -> Egress.parse(s);
                case LISTEN -> Listen.parse(s);
                case FILE_WRITE -> {
                    if (!s.startsWith("/")) {
                        throw new IllegalArgumentException("a path must be absolute");
                    }
                }
                case PARENT -> {
                    if (!s.contains(" -> ")) {
                        throw new IllegalArgumentException("must be 'PARENT -> CHILD'");
                    }
                }
                default -> { }
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, key + "." + c.jsonName() + " entry '" + truncate(s) + "': "
                    + e.getMessage(), e);
        }
        return s;
    }

    private static String truncate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** An egress entry: protocol, network, port. */
    record Egress(String proto, IpNet net, int port) {
        static Egress parse(String s) {
            String[] p = s.split(" ", -1);
            if (p.length != 3 || !p[0].matches("[a-z]{1,8}")) {
                throw new IllegalArgumentException("must be 'PROTO CIDR PORT', e.g. 'tcp 10.0.0.0/24 443'");
            }
            return new Egress(p[0], IpNet.parse(p[1]), parsePort(p[2]));
        }

        @Override
        public String toString() {
            return proto + " " + net + " " + port;
        }
    }

    /** A listening entry: protocol, port. */
    record Listen(String proto, int port) {
        static Listen parse(String s) {
            String[] p = s.split(" ", -1);
            if (p.length != 2 || !p[0].matches("[a-z]{1,8}")) {
                throw new IllegalArgumentException("must be 'PROTO PORT', e.g. 'tcp 8080'");
            }
            return new Listen(p[0], parsePort(p[1]));
        }
    }

    static int parsePort(String s) {
        if (!s.matches("[0-9]{1,5}") || Integer.parseInt(s) > 65535) {
            throw new IllegalArgumentException("port '" + s + "' must be 0..65535");
        }
        return Integer.parseInt(s);
    }
}
