package dev.containersec.runtime.internal.rules;

import java.util.List;

/**
 * A resolved field: its type and how to extract it. Every field has a string rendering ({@link #str()});
 * numeric, boolean, address and multi-valued fields also have a typed getter. A getter returns
 * {@code null} (or {@link #MISSING} for numbers) when the event does not have the field.
 *
 * @param display the field as written, e.g. {@code proc.aname[2]}
 * @param type the field type
 * @param str the string rendering
 * @param num the numeric value, for {@link Type#NUMBER} and {@link Type#BOOL} (0 or 1)
 * @param ip the address bytes, for {@link Type#IP}
 * @param multi the values, for {@link Type#MULTI}
 */
record FieldSpec(String display, Type type, Str str, Num num, Ip ip, Multi multi) {

    /** The numeric getters' value for "not extracted". */
    static final long MISSING = Long.MIN_VALUE;

    enum Type { STRING, NUMBER, BOOL, IP, FLAGS, MULTI }

    @FunctionalInterface
    interface Str {
        String get(EventView v);
    }

    @FunctionalInterface
    interface Num {
        long get(EventView v);
    }

    @FunctionalInterface
    interface Ip {
        byte[] get(EventView v);
    }

    @FunctionalInterface
    interface Multi {
        List<String> get(EventView v);
    }

    static FieldSpec string(String display, Str str) {
        return new FieldSpec(display, Type.STRING, str, null, null, null);
    }

    static FieldSpec flags(String display, Str str) {
        return new FieldSpec(display, Type.FLAGS, str, null, null, null);
    }

    static FieldSpec number(String display, Num num) {
        return new FieldSpec(display, Type.NUMBER, v -> {
            long n = num.get(v);
            return n == MISSING ? null : Long.toString(n);
        }, num, null, null);
    }

    static FieldSpec bool(String display, Num num) {
        return new FieldSpec(display, Type.BOOL, v -> {
            long n = num.get(v);
            return n == MISSING ? null : n != 0 ? "true" : "false";
        }, num, null, null);
    }

    static FieldSpec ip(String display, Ip ip, Str str) {
        return new FieldSpec(display, Type.IP, str, null, ip, null);
    }

    static FieldSpec multi(String display, Multi multi) {
        return new FieldSpec(display, Type.MULTI, v -> {
            List<String> values = multi.get(v);
            return values == null ? null : String.join(" ", values);
        }, null, null, multi);
    }

    /**
     * Returns the typed value for alert output fields: {@link Long}, {@link Boolean} or {@link String},
     * or null when missing.
     */
    Object typedValue(EventView v) {
        switch (type) {
            case NUMBER: {
                long n = num.get(v);
                return n == MISSING ? null : Long.valueOf(n);
            }
            case BOOL: {
                long n = num.get(v);
                return n == MISSING ? null : Boolean.valueOf(n != 0);
            }
            default:
                return str.get(v);
        }
    }
}
