package dev.containersec.policy.internal.k8s;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.containersec.api.ContainerSecException;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads Kubernetes manifests (multi-document YAML, or one or more JSON values) into
 * {@link ManifestDocument}s, treating the input as hostile.
 *
 * <p>Guards: the input is at most {@link ScanLimits#maxDocumentBytes()} bytes; objects and arrays nest at
 * most {@link ScanLimits#maxJsonDepth()} deep (counting aliased content where it is expanded); YAML aliases
 * are expanded the way Kubernetes' YAML decoder does, but at most {@value #MAX_COLLECTION_ALIASES} aliases to
 * collections per document and never more nodes in all than the input has bytes, so alias bombs fail fast
 * (aliases to scalars are refused: Jackson does not report scalar anchors);
 * duplicate mapping keys and YAML merge keys ({@code <<}) are refused rather than guessed at. Every failure
 * is an {@link InvalidInputException} (or its subclass {@link LimitExceededException}) whose subject is the
 * source and whose message names the line.
 *
 * <p>Instances are immutable and thread-safe. Empty YAML documents are skipped; a document that is not
 * a mapping is an error.
 */
public final class ManifestLoader {

    /** Most aliases to a mapping or sequence expanded in one document (SnakeYAML's default). */
    public static final int MAX_COLLECTION_ALIASES = 50;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final ScanLimits limits;
    private final JsonFactory jsonFactory;
    private final YAMLFactory yamlFactory;

    /**
     * Creates a loader.
     *
     * @param limits the bounds to enforce
     */
    public ManifestLoader(ScanLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        int maxString = (int) Math.min(Integer.MAX_VALUE, limits.maxDocumentBytes());
        // Our own depth check runs on every start token; the parsers' own bounds sit just above it so
        // that they only act as a backstop.
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth() + 1)
                .maxStringLength(maxString)
                .maxNameLength(maxString)
                .maxDocumentLength(limits.maxDocumentBytes())
                .build();
        this.jsonFactory = JsonFactory.builder().streamReadConstraints(constraints).build();
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setCodePointLimit(maxString);
        options.setNestingDepthLimit(limits.maxJsonDepth() + 10);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        this.yamlFactory = YAMLFactory.builder().loaderOptions(options).streamReadConstraints(constraints).build();
    }

    /**
     * Returns the limits this loader enforces.
     *
     * @return the limits
     */
    public ScanLimits limits() {
        return limits;
    }

    /**
     * Reads a manifest file.
     *
     * @param file the file
     * @return its documents, in order
     * @throws InvalidInputException if the file cannot be read or is malformed or hostile
     */
    public List<ManifestDocument> load(Path file) {
        Objects.requireNonNull(file, "file");
        return load(read(file), file.toString());
    }

    /**
     * Reads a file's bytes, at most one byte more than {@link ScanLimits#maxDocumentBytes()} (so that
     * {@link #load(byte[], String)} reports the limit).
     *
     * @param file the file
     * @return its bytes
     * @throws InvalidInputException if the file cannot be read
     */
    public byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(Objects.requireNonNull(file, "file"))) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxDocumentBytes() + 1));
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a manifest held in memory.
     *
     * @param content the bytes (UTF-8, UTF-16 or UTF-32, as JSON and YAML allow)
     * @param source a name for the content, used in messages
     * @return its documents, in order
     * @throws InvalidInputException if the content is malformed or hostile
     */
    public List<ManifestDocument> load(byte[] content, String source) {
        List<ManifestDocument> documents = new ArrayList<>();
        for (Value v : values(content, source)) {
            if (!v.node().isObject()) {
                throw new InvalidInputException(source, "line " + v.line() + ": document " + documents.size()
                        + " is a " + v.node().getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                        + ", not a Kubernetes object (a mapping)");
            }
            documents.add(ManifestDocument.of(source, documents.size(), v.line(), (ObjectNode) v.node()));
        }
        return List.copyOf(documents);
    }

    /** One top-level value of a YAML stream or JSON text, and the 1-based line it starts on. */
    public record Value(JsonNode node, int line) {
    }

    /**
     * Reads every non-empty top-level value, whatever its type (a flow file may be a JSON list), with the same
     * guards as {@link #load(byte[], String)}.
     *
     * @param content the bytes
     * @param source a name for the content, used in messages
     * @return the values, in order
     * @throws InvalidInputException if the content is malformed or hostile
     */
    public List<Value> values(byte[] content, String source) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(source, "source");
        if (content.length > limits.maxDocumentBytes()) {
            throw new LimitExceededException(source, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                    content.length);
        }
        boolean json = looksLikeJson(content);
        try (JsonParser parser = json ? jsonFactory.createParser(content) : yamlFactory.createParser(content)) {
            return new Reader(parser, source, content.length).readAll();
        } catch (ContainerSecException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source, at(e.getLocation()) + "malformed " + (json ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML and Jackson report some malformations as unchecked exceptions.
            throw new InvalidInputException(source, "malformed " + (json ? "JSON" : "YAML") + ": " + e, e);
        }
    }

    private static boolean looksLikeJson(byte[] content) {
        int i = 0;
        if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf) {
            i = 3;
        }
        for (; i < content.length; i++) {
            byte b = content[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    /** Builds documents token by token, without recursion, enforcing the bounds as it goes. */
    private final class Reader {
        private final JsonParser parser;
        private final YAMLParser yaml;
        private final String source;
        private final long nodeBudget;

        Reader(JsonParser parser, String source, int inputBytes) {
            this.parser = parser;
            this.yaml = parser instanceof YAMLParser ? (YAMLParser) parser : null;
            this.source = source;
            this.nodeBudget = Math.max(1024, inputBytes);
        }

        List<Value> readAll() throws IOException {
            List<Value> values = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = Math.max(1, parser.currentTokenLocation().getLineNr());
                JsonNode node = readValue(token, line);
                if (node.isNull() || node.isMissingNode() || (node.isTextual() && node.textValue().isEmpty())) {
                    continue; // an empty YAML document
                }
                values.add(new Value(node, line));
            }
            return List.copyOf(values);
        }

        private JsonNode readValue(JsonToken first, int line) throws IOException {
            Map<String, Anchored> anchors = new HashMap<>();
            Deque<Frame> stack = new ArrayDeque<>();
            long nodes = 0;
            int collectionAliases = 0;
            JsonToken token = first;
            while (true) {
                JsonNode completed;
                int completedDepth;
                long completedNodes;
                String completedAnchor;
                switch (token) {
                    case START_OBJECT:
                    case START_ARRAY: {
                        int depth = stack.size() + 1;
                        if (depth > limits.maxJsonDepth()) {
                            throw new LimitExceededException(source + " line " + currentLine(),
                                    ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(), depth);
                        }
                        ContainerNode<?> node = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                        stack.push(new Frame(node, anchor()));
                        token = next();
                        continue;
                    }
                    case FIELD_NAME: {
                        Frame top = stack.peek();
                        String name = parser.currentName();
                        if ("<<".equals(name) && yaml != null) {
                            throw new InvalidInputException(source, "line " + currentLine()
                                    + ": YAML merge keys (<<) are not supported; write the keys out");
                        }
                        if (((ObjectNode) top.node).has(name)) {
                            throw new InvalidInputException(source, "line " + currentLine()
                                    + ": duplicate key '" + name + "'");
                        }
                        top.field = name;
                        token = next();
                        continue;
                    }
                    case END_OBJECT:
                    case END_ARRAY: {
                        Frame done = stack.pop();
                        completed = done.node;
                        completedDepth = done.height + 1;
                        completedNodes = done.nodes + 1;
                        completedAnchor = done.anchor;
                        break;
                    }
                    default: {
                        if (yaml != null && yaml.isCurrentAlias()) {
                            String alias = parser.getText();
                            Anchored target = anchors.get(alias);
                            if (target == null) {
                                throw new InvalidInputException(source, "line " + currentLine()
                                        + ": YAML alias *" + alias + " is undefined or names a scalar;"
                                        + " only aliases to mappings and sequences are supported");
                            }
                            if (target.node.isContainerNode()
                                    && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                                throw new InvalidInputException(source, "line " + currentLine()
                                        + ": more than " + MAX_COLLECTION_ALIASES
                                        + " aliases to collections in one document (possible alias bomb)");
                            }
                            if (stack.size() + target.height > limits.maxJsonDepth()) {
                                throw new LimitExceededException(source + " line " + currentLine(),
                                        ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(),
                                        stack.size() + target.height);
                            }
                            completed = target.node.isContainerNode() ? target.node.deepCopy() : target.node;
                            completedDepth = target.height;
                            completedNodes = target.nodes;
                            completedAnchor = null;
                        } else {
                            completed = scalar(token);
                            completedDepth = 0;
                            completedNodes = 1;
                            // Jackson does not report anchors on scalars; aliases to them fail as undefined.
                            completedAnchor = null;
                        }
                        break;
                    }
                }
                nodes += completedNodes;
                if (nodes > nodeBudget) {
                    throw new InvalidInputException(source, "line " + currentLine() + ": YAML alias expansion exceeds "
                            + nodeBudget + " nodes (possible alias bomb)");
                }
                if (completedAnchor != null) {
                    anchors.put(completedAnchor, new Anchored(completed, completedDepth, completedNodes));
                }
                Frame parent = stack.peek();
                if (parent == null) {
                    return completed;
                }
                parent.height = Math.max(parent.height, completedDepth);
                parent.nodes += completedNodes;
                if (parent.node.isObject()) {
                    ((ObjectNode) parent.node).set(parent.field, completed);
                    parent.field = null;
                } else {
                    ((ArrayNode) parent.node).add(completed);
                }
                token = next();
            }
        }

        private JsonToken next() throws IOException {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new InvalidInputException(source, "line " + currentLine() + ": unexpected end of input");
            }
            return token;
        }

        private String anchor() {
            if (yaml == null) {
                return null;
            }
            return yaml.getCurrentAnchor();
        }

        private int currentLine() {
            return Math.max(1, parser.currentTokenLocation().getLineNr());
        }

        private JsonNode scalar(JsonToken token) throws IOException {
            switch (token) {
                case VALUE_STRING:
                    return NODES.textNode(parser.getText());
                case VALUE_TRUE:
                    return NODES.booleanNode(true);
                case VALUE_FALSE:
                    return NODES.booleanNode(false);
                case VALUE_NULL:
                    return NODES.nullNode();
                case VALUE_NUMBER_INT:
                    switch (parser.getNumberType()) {
                        case INT:
                            return NODES.numberNode(parser.getIntValue());
                        case LONG:
                            return NODES.numberNode(parser.getLongValue());
                        default:
                            return NODES.numberNode(parser.getBigIntegerValue());
                    }
                case VALUE_NUMBER_FLOAT:
                    return NODES.numberNode(parser.getDecimalValue());
                case VALUE_EMBEDDED_OBJECT: {
                    Object value = parser.getEmbeddedObject();
                    if (value instanceof byte[]) {
                        return NODES.binaryNode((byte[]) value);
                    }
                    return NODES.textNode(parser.getText());
                }
                default:
                    throw new InvalidInputException(source, "line " + currentLine() + ": unexpected token " + token);
            }
        }
    }

    private static final class Frame {
        final ContainerNode<?> node;
        final String anchor;
        String field;
        int height;
        long nodes;

        Frame(ContainerNode<?> node, String anchor) {
            this.node = node;
            this.anchor = anchor;
        }
    }

    private static final class Anchored {
        final JsonNode node;
        final int height;
        final long nodes;

        Anchored(JsonNode node, int height, long nodes) {
            this.node = node;
            this.height = height;
            this.nodes = nodes;
        }
    }
}
