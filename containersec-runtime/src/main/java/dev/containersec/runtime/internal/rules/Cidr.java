package dev.containersec.runtime.internal.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP address or network ({@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}), parsed without DNS. */
final class Cidr {
    private final byte[] address;
    private final int prefix;

    private Cidr(byte[] address, int prefix) {
        this.address = address;
        this.prefix = prefix;
    }

    /**
     * Parses an address literal or CIDR.
     *
     * @throws IllegalArgumentException if it is neither
     */
    static Cidr parse(String text) {
        String addr = text;
        int prefix = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            addr = text.substring(0, slash);
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network", e);
            }
        }
        byte[] bytes = addr.indexOf(':') >= 0 ? ipv6(addr, text) : ipv4(addr, text);
        int bits = bytes.length * 8;
        if (prefix == -1) {
            prefix = bits;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length of '" + text + "' must be in 0.." + bits);
        }
        return new Cidr(bytes, prefix);
    }

    private static byte[] ipv4(String addr, String text) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network");
            }
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network");
            }
            b[i] = (byte) n;
        }
        return b;
    }

    private static byte[] ipv6(String addr, String text) {
        for (int i = 0; i < addr.length(); i++) {
            char c = addr.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network");
            }
        }
        try {
            // A string with ':' and only hex digits, ':' and '.' is parsed as a literal: no lookup.
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network", e);
        }
    }

    boolean contains(byte[] ip) {
        if (ip.length != address.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (ip[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (ip[full] & mask) == (address[full] & mask);
    }
}
