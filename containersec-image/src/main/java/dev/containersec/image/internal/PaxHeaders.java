package dev.containersec.image.internal;

import dev.containersec.api.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * The PAX extended header records containersec uses: path, linkpath, size, uid, gid, and whether the
 * entry is a GNU sparse file. Records are {@code "LEN key=value\n"} with LEN counting the whole record.
 */
final class PaxHeaders {
    String path;
    String linkPath;
    long size = -1;
    long uid = -1;
    long gid = -1;
    boolean sparse;

    static PaxHeaders parse(byte[] data, String where, long offset) {
        PaxHeaders h = new PaxHeaders();
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                break;
            }
            int sp = pos;
            long len = 0;
            while (sp < data.length && data[sp] >= '0' && data[sp] <= '9') {
                len = len * 10 + (data[sp] - '0');
                if (len > data.length) {
                    throw bad(where, offset, "record length beyond the header");
                }
                sp++;
            }
            if (sp >= data.length || data[sp] != ' ' || len <= sp - pos || pos + len > data.length
                    || data[(int) (pos + len - 1)] != '\n') {
                throw bad(where, offset, "malformed record at byte " + pos);
            }
            int end = (int) (pos + len - 1);
            int eq = sp + 1;
            while (eq < end && data[eq] != '=') {
                eq++;
            }
            if (eq >= end) {
                throw bad(where, offset, "record without '=' at byte " + pos);
            }
            String key = new String(data, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
            String value = new String(data, eq + 1, end - eq - 1, StandardCharsets.UTF_8);
            h.apply(key, value, where, offset);
            pos += (int) len;
        }
        return h;
    }

    private void apply(String key, String value, String where, long offset) {
        switch (key) {
            case "path":
                path = value;
                break;
            case "linkpath":
                linkPath = value;
                break;
            case "size":
                size = number(value, key, where, offset);
                break;
            case "uid":
                uid = number(value, key, where, offset);
                break;
            case "gid":
                gid = number(value, key, where, offset);
                break;
            default:
                if (key.startsWith("GNU.sparse.")) {
                    sparse = true;
                }
        }
    }

    private static long number(String value, String key, String where, long offset) {
        if (value.isEmpty() || value.length() > 18) {
            throw bad(where, offset, "PAX " + key + " is not a number in range: '" + value + "'");
        }
        long v = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(where, offset, "PAX " + key + " is not a number: '" + value + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static InvalidInputException bad(String where, long offset, String what) {
        return new InvalidInputException(where, "bad PAX header at offset " + offset + ": " + what);
    }
}
