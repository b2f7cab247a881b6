package dev.containersec.policy;

import dev.containersec.api.InvalidInputException;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address block in CIDR notation, as used by a NetworkPolicy {@code ipBlock}. Parsed without
 * any name resolution; host bits after the prefix are cleared ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}),
 * as Go's {@code net.ParseCIDR} does for the Kubernetes API server. A bare address is a block of one
 * ({@code /32} or {@code /128}). {@link #toString()} parses back to an equal value.
 */
public final class NetpolCidr implements Comparable<NetpolCidr> {

    private final boolean ipv6;
    private final BigInteger first;
    private final int prefixLength;

    private NetpolCidr(boolean ipv6, BigInteger address, int prefixLength) {
        this.ipv6 = ipv6;
        this.prefixLength = prefixLength;
        int bits = ipv6 ? 128 : 32;
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE);
        this.first = address.andNot(hostMask);
    }

    /**
     * Parses {@code ADDRESS/PREFIX} or a bare address.
     *
     * @param text for example {@code 10.0.0.0/8}, {@code 2001:db8::/32} or {@code 192.0.2.7}
     * @return the block
     * @throws InvalidInputException naming the text when it is not an IPv4 or IPv6 CIDR
     */
    public static NetpolCidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        boolean v6 = addr.indexOf(':') >= 0;
        BigInteger value = v6 ? parseV6(addr, text) : parseV4(addr, text);
        if (value == null) {
            throw bad(text);
        }
        int bits = v6 ? 128 : 32;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw bad(text);
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                throw bad(text);
            }
        }
        return new NetpolCidr(v6, value, prefix);
    }

    /**
     * Tells whether the text is an IPv4 or IPv6 address or CIDR (and not, say, a workload name).
     *
     * @param text any text
     * @return true if {@link #parse(String)} accepts it
     */
    public static boolean isCidr(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static InvalidInputException bad(String text) {
        return new InvalidInputException("ipBlock", "'" + text + "' is not an IPv4 or IPv6 address or CIDR");
    }

    private static BigInteger parseV4(String s, String whole) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            v = (v << 8) | octet;
        }
        return BigInteger.valueOf(v);
    }

    private static BigInteger parseV6(String s, String whole) {
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        String head = dc >= 0 ? s.substring(0, dc) : s;
        String tail = dc >= 0 ? s.substring(dc + 2) : "";
        int[] h = groups(head);
        int[] tl = groups(tail);
        if (h == null || tl == null) {
            return null;
        }
        int total = h.length + tl.length;
        if ((dc < 0 && total != 8) || (dc >= 0 && total > 7)) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(tl, 0, all, 8 - tl.length, tl.length);
        BigInteger v = BigInteger.ZERO;
        for (int g : all) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        return v;
    }

    /** Hex groups separated by ':', the last of which may be a dotted IPv4 address (two groups). */
    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int n = parts.length;
        boolean v4Tail = parts[n - 1].indexOf('.') >= 0;
        int[] out = new int[v4Tail ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (i == n - 1 && v4Tail) {
                BigInteger v4 = parseV4(p, p);
                if (v4 == null) {
                    return null;
                }
                out[i] = v4.intValue() >>> 16;
                out[i + 1] = v4.intValue() & 0xffff;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int g = 0;
            for (char c : p.toCharArray()) {
                int d = Character.digit(c, 16);
                if (d < 0) {
                    return null;
                }
                g = g * 16 + d;
            }
            out[i] = g;
        }
        return out;
    }

    /**
     * Tells whether this is an IPv6 block.
     *
     * @return true for IPv6, false for IPv4
     */
    public boolean isIpv6() {
        return ipv6;
    }

    /**
     * Returns the prefix length.
     *
     * @return 0 to 32 for IPv4, 0 to 128 for IPv6
     */
    public int prefixLength() {
        return prefixLength;
    }

    /**
     * Returns the first address of the block as an unsigned integer.
     *
     * @return the network address
     */
    public BigInteger first() {
        return first;
    }

    /**
     * Returns the last address of the block as an unsigned integer.
     *
     * @return the broadcast address (IPv4) or the highest address (IPv6)
     */
    public BigInteger last() {
        int bits = ipv6 ? 128 : 32;
        return first.add(BigInteger.ONE.shiftLeft(bits - prefixLength)).subtract(BigInteger.ONE);
    }

    /**
     * Tells whether another block lies wholly inside this one (same family).
     *
     * @param other the other block
     * @return true if every address of {@code other} is in this block
     */
    public boolean contains(NetpolCidr other) {
        return ipv6 == other.ipv6 && first.compareTo(other.first) <= 0 && last().compareTo(other.last()) >= 0;
    }

    /**
     * Formats an address of the given family as text ({@code 10.0.0.1}, {@code 2001:db8::1}).
     *
     * @param ipv6 the family
     * @param value the address as an unsigned integer
     * @return the canonical text (IPv6 compressed per RFC 5952)
     */
    public static String formatAddress(boolean ipv6, BigInteger value) {
        if (!ipv6) {
            long v = value.longValue();
            return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
        }
        int[] g = new int[8];
        for (int i = 7; i >= 0; i--) {
            g[i] = value.shiftRight((7 - i) * 16).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public int compareTo(NetpolCidr o) {
        if (ipv6 != o.ipv6) {
            return ipv6 ? 1 : -1;
        }
        int c = first.compareTo(o.first);
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetpolCidr c && c.ipv6 == ipv6 && c.prefixLength == prefixLength && c.first.equals(first);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ipv6, first, prefixLength);
    }

    /**
     * Returns the canonical CIDR text.
     *
     * @return for example {@code 10.0.0.0/8}
     */
    @Override
    public String toString() {
        return formatAddress(ipv6, first) + "/" + prefixLength;
    }
}
