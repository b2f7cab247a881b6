package dev.containersec.signature.internal;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A strict reader of one PEM block (RFC 7468): the text may hold comments before and after, but exactly
 * one {@code -----BEGIN X-----} ... {@code -----END X-----} pair with matching labels and a base64 body
 * without RFC 1421 headers. Inputs are bounded by {@link #MAX_PEM_BYTES}.
 */
public final class Pem {
    /** The largest PEM text accepted: an RSA-16384 private key is about 12 KiB. */
    public static final int MAX_PEM_BYTES = 64 * 1024;

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /**
     * One decoded block.
     *
     * @param label the label, e.g. {@code PUBLIC KEY}
     * @param der the decoded body
     */
    public record Block(String label, byte[] der) {
        /** Checks the components. */
        public Block {
            Objects.requireNonNull(label, "label");
            der = der.clone();
        }

        @Override
        public byte[] der() {
            return der.clone();
        }
    }

    private Pem() {
    }

    /**
     * Decodes the single PEM block of a text.
     *
     * @param pem the text (bytes in US-ASCII or UTF-8)
     * @param subject what is being read, for errors
     * @return the block
     * @throws InvalidInputException naming what is wrong
     */
    public static Block decode(byte[] pem, String subject) {
        if (pem.length > MAX_PEM_BYTES) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, MAX_PEM_BYTES, pem.length);
        }
        String text = new String(pem, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            throw new InvalidInputException(subject, "not PEM: no '-----BEGIN ...-----' line");
        }
        int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
        if (labelEnd < 0) {
            throw new InvalidInputException(subject, "malformed PEM: unterminated BEGIN line");
        }
        String label = text.substring(begin + BEGIN.length(), labelEnd);
        if (label.isEmpty() || label.length() > 64 || !label.chars().allMatch(c -> c >= 0x21 && c <= 0x7e || c == ' ')) {
            throw new InvalidInputException(subject, "malformed PEM: bad label '" + printable(label) + "'");
        }
        int bodyStart = labelEnd + DASHES.length();
        int end = text.indexOf(END, bodyStart);
        if (end < 0) {
            throw new InvalidInputException(subject, "malformed PEM: no END line for '" + label + "'");
        }
        String endLine = END + label + DASHES;
        if (!text.startsWith(endLine, end)) {
            throw new InvalidInputException(subject, "malformed PEM: END label does not match BEGIN '" + label + "'");
        }
        if (text.indexOf(BEGIN, end) >= 0) {
            throw new InvalidInputException(subject, "PEM text holds more than one block; give one key per file");
        }
        String body = text.substring(bodyStart, end);
        if (body.contains(":")) {
            throw new InvalidInputException(subject, "PEM headers (legacy OpenSSL encryption, 'Proc-Type:') are not supported");
        }
        StringBuilder b64 = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                continue;
            }
            b64.append(c);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(b64.toString());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(subject, "PEM body of '" + label + "' is not valid base64: " + e.getMessage(), e);
        }
        if (der.length == 0) {
            throw new InvalidInputException(subject, "PEM block '" + label + "' is empty");
        }
        return new Block(label, der);
    }

    /**
     * Encodes a block as PEM text with 64-character lines.
     *
     * @param label the label
     * @param der the body
     * @return the PEM text, ending in a newline
     */
    public static String encode(String label, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder(b64.length() + 100);
        sb.append(BEGIN).append(label).append(DASHES).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        sb.append(END).append(label).append(DASHES).append('\n');
        return sb.toString();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 40 ? sb + "..." : sb.toString();
    }
}
