package dev.containersec.runtime.internal.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a rules file into plain values (maps, lists, strings, booleans, nulls) with the bounds of
 * {@link ScanLimits}: document size, nesting depth. YAML aliases are refused outright, which rules out
 * alias ("billion laughs") bombs; duplicate keys are refused too.
 */
final class YamlReader {

    /** A top-level item of a rules file and the line it starts on. */
    record Item(Object value, int line) {
    }

    private final String subject;
    private final ScanLimits limits;

    private YamlReader(String subject, ScanLimits limits) {
        this.subject = subject;
        this.limits = limits;
    }

    /**
     * Reads the top-level items of every YAML document in the text.
     *
     * @throws LimitExceededException if the text is too large or too deeply nested
     * @throws InvalidInputException if it is not YAML, uses aliases or is not a sequence of items
     */
    static List<Item> readItems(String subject, String content, ScanLimits limits) {
        long max = limits.maxDocumentBytes();
        if (content.length() > max) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, max, content.length());
        }
        long bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > max) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, max, bytes);
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, max + 1));
        options.setNestingDepthLimit(limits.maxJsonDepth() + 2);
        options.setMaxAliasesForCollections(0);
        options.setAllowDuplicateKeys(false);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth() + 2)
                        .maxDocumentLength(max + 1)
                        .build())
                .build();
        YamlReader reader = new YamlReader(subject, limits);
        try (JsonParser p = factory.createParser(content)) {
            List<Item> items = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new InvalidInputException(subject, "line " + line(p)
                            + ": a rules file is a YAML sequence of items (- rule:, - macro:, - list:)");
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = line(p);
                    items.add(new Item(reader.value(p, 1), line));
                }
            }
            return items;
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(subject, "not valid YAML: " + firstLine(e.getMessage()), e);
        }
    }

    private Object value(JsonParser p, int depth) throws IOException {
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw new InvalidInputException(subject, "line " + line(p) + ": YAML aliases are not supported in rules files");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                checkDepth(depth + 1);
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    if (map.containsKey(key)) {
                        throw new InvalidInputException(subject, "line " + line(p) + ": duplicate key '" + key + "'");
                    }
                    p.nextToken();
                    map.put(key, value(p, depth + 1));
                }
                return map;
            }
            case START_ARRAY: {
                checkDepth(depth + 1);
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p, depth + 1));
                }
                return list;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                return p.getText();
        }
    }

    private void checkDepth(int depth) {
        if (depth > limits.maxJsonDepth()) {
            throw new LimitExceededException(subject, ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(), depth);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
