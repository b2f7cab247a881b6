package dev.containersec.runtime.internal.baseline;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP network ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is a host network), parsed without DNS. */
public record IpNet(byte[] address, int prefix) {

    /**
     * Parses a CIDR or an address literal.
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static IpNet parse(String text) {
        String addr = text;
        int prefix = -1;
        int slash = text.indexOf('/');
        try {
            if (slash >= 0) {
                addr = text.substring(0, slash);
                prefix = Integer.parseInt(text.substring(slash + 1));
            }
            if (addr.isEmpty() || !addr.matches("[0-9a-fA-F:.]+") || (addr.indexOf(':') < 0 && !addr.matches(
                    "[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network");
            }
            byte[] bytes = InetAddress.getByName(addr).getAddress(); // a literal: no DNS lookup
            int bits = bytes.length * 8;
            if (prefix == -1) {
                prefix = bits;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length of '" + text + "' must be in 0.." + bits);
            }
            return new IpNet(mask(bytes, prefix), prefix);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network", e);
        }
    }

    /** The network of the given prefix length that holds the address. */
    public static IpNet of(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        int p = Math.min(prefix, bytes.length * 8);
        return new IpNet(mask(bytes, p), p);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & ((0xFF << (8 - keep)) & 0xFF));
        }
        return out;
    }

    /** Tells whether the network holds the address (an IPv4 network never holds an IPv6 address). */
    public boolean contains(InetAddress ip) {
        byte[] b = ip.getAddress();
        return b.length == address.length && java.util.Arrays.equals(mask(b, prefix), address);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpNet n && n.prefix == prefix && java.util.Arrays.equals(n.address, address);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(address) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            String a = InetAddress.getByAddress(address).getHostAddress();
            return a + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
