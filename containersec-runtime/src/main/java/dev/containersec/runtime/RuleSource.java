package dev.containersec.runtime;

import dev.containersec.api.ContainerSecException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One Falco rules file: its name (for messages and the load report) and its YAML text.
 *
 * @param name where the rules came from, e.g. a file path or {@code falco_rules.yaml}
 * @param content the YAML text
 */
public record RuleSource(String name, String content) {

    /** Checks for nulls. */
    public RuleSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Reads a rules file as UTF-8, refusing files larger than {@link ScanLimits#maxDocumentBytes()}
     * before reading them whole.
     *
     * @param file the file
     * @param limits the limits in force
     * @return the source, named by the file's path
     * @throws LimitExceededException if the file is too large
     * @throws dev.containersec.api.InvalidInputException if the file is not UTF-8
     * @throws ContainerSecException if the file cannot be read
     */
    public static RuleSource read(Path file, ScanLimits limits) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(limits, "limits");
        String name = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxDocumentBytes() + 1));
            if (bytes.length > limits.maxDocumentBytes()) {
                throw new LimitExceededException(name, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                        bytes.length);
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return new RuleSource(name, text);
        } catch (CharacterCodingException e) {
            throw new dev.containersec.api.InvalidInputException(name, "rules file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new ContainerSecException("cannot read rules file " + name + ": " + e.getMessage(), e);
        }
    }
}
