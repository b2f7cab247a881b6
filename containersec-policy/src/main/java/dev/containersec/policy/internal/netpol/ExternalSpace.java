package dev.containersec.policy.internal.netpol;

import dev.containersec.policy.NetpolCidr;
import dev.containersec.policy.NetpolEndpoint;
import dev.containersec.policy.NetpolIpBlock;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The IPv4 and IPv6 address spaces cut into the smallest ranges that every given CIDR (and exception) either
 * wholly contains or does not touch. Ranges are numbered IPv4 first, in address order; an ipBlock is then a
 * bit set of range indices.
 */
final class ExternalSpace {

    private static final BigInteger V4_END = BigInteger.ONE.shiftLeft(32);
    private static final BigInteger V6_END = BigInteger.ONE.shiftLeft(128);
    private static final List<NetpolCidr> PRIVATE = List.of(
            NetpolCidr.parse("10.0.0.0/8"), NetpolCidr.parse("172.16.0.0/12"), NetpolCidr.parse("192.168.0.0/16"),
            NetpolCidr.parse("127.0.0.0/8"), NetpolCidr.parse("169.254.0.0/16"), NetpolCidr.parse("100.64.0.0/10"),
            NetpolCidr.parse("0.0.0.0/8"), NetpolCidr.parse("fc00::/7"), NetpolCidr.parse("fe80::/10"),
            NetpolCidr.parse("::1/128"), NetpolCidr.parse("::/128"));

    private final BigInteger[] v4Starts;
    private final BigInteger[] v6Starts;
    private final NetpolEndpoint[] endpoints;
    private final boolean[] isPrivate;

    ExternalSpace(Collection<NetpolCidr> cidrs) {
        TreeSet<BigInteger> v4 = new TreeSet<>();
        TreeSet<BigInteger> v6 = new TreeSet<>();
        v4.add(BigInteger.ZERO);
        v6.add(BigInteger.ZERO);
        for (NetpolCidr c : cidrs) {
            TreeSet<BigInteger> set = c.isIpv6() ? v6 : v4;
            BigInteger end = c.isIpv6() ? V6_END : V4_END;
            set.add(c.first());
            BigInteger after = c.last().add(BigInteger.ONE);
            if (after.compareTo(end) < 0) {
                set.add(after);
            }
        }
        v4Starts = v4.toArray(new BigInteger[0]);
        v6Starts = v6.toArray(new BigInteger[0]);
        endpoints = new NetpolEndpoint[v4Starts.length + v6Starts.length];
        isPrivate = new boolean[endpoints.length];
        for (int i = 0; i < endpoints.length; i++) {
            boolean six = i >= v4Starts.length;
            BigInteger first = first(i);
            BigInteger last = last(i);
            List<NetpolCidr> parts = toCidrs(six, first, last);
            String name = parts.size() == 1 ? parts.get(0).toString()
                    : NetpolCidr.formatAddress(six, first) + "-" + NetpolCidr.formatAddress(six, last);
            endpoints[i] = new NetpolEndpoint(NetpolEndpoint.Kind.EXTERNAL, name, parts);
            for (NetpolCidr p : PRIVATE) {
                if (p.isIpv6() == six && p.first().compareTo(first) <= 0 && p.last().compareTo(last) >= 0) {
                    isPrivate[i] = true;
                }
            }
        }
    }

    int size() {
        return endpoints.length;
    }

    int v4Count() {
        return v4Starts.length;
    }

    NetpolEndpoint endpoint(int i) {
        return endpoints[i];
    }

    /** Whether range i lies wholly inside private, loopback or link-local space. */
    boolean isPrivate(int i) {
        return isPrivate[i];
    }

    boolean isIpv6(int i) {
        return i >= v4Starts.length;
    }

    BigInteger first(int i) {
        return i < v4Starts.length ? v4Starts[i] : v6Starts[i - v4Starts.length];
    }

    BigInteger last(int i) {
        if (i < v4Starts.length) {
            return (i + 1 < v4Starts.length ? v4Starts[i + 1] : V4_END).subtract(BigInteger.ONE);
        }
        int j = i - v4Starts.length;
        return (j + 1 < v6Starts.length ? v6Starts[j + 1] : V6_END).subtract(BigInteger.ONE);
    }

    /** The index of the range holding an address. */
    int indexOf(boolean ipv6, BigInteger address) {
        BigInteger[] starts = ipv6 ? v6Starts : v4Starts;
        int k = Arrays.binarySearch(starts, address);
        int idx = k >= 0 ? k : -k - 2;
        return ipv6 ? v4Starts.length + idx : idx;
    }

    /** The ranges a CIDR covers; exact, since every CIDR given at construction starts and ends on a boundary. */
    void addCidr(NetpolCidr c, BitSet into, boolean set) {
        int from = indexOf(c.isIpv6(), c.first());
        int to = indexOf(c.isIpv6(), c.last());
        if (set) {
            into.set(from, to + 1);
        } else {
            into.clear(from, to + 1);
        }
    }

    BitSet of(NetpolIpBlock block) {
        BitSet b = new BitSet(endpoints.length);
        addCidr(block.cidr(), b, true);
        for (NetpolCidr e : block.except()) {
            addCidr(e, b, false);
        }
        return b;
    }

    /** Splits [first, last] into the fewest CIDRs. */
    static List<NetpolCidr> toCidrs(boolean ipv6, BigInteger first, BigInteger last) {
        int bits = ipv6 ? 128 : 32;
        List<NetpolCidr> out = new ArrayList<>();
        BigInteger cur = first;
        while (cur.compareTo(last) <= 0) {
            int size = cur.signum() == 0 ? bits : Math.min(bits, cur.getLowestSetBit());
            while (size > 0 && cur.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(last) > 0) {
                size--;
            }
            out.add(NetpolCidr.parse(NetpolCidr.formatAddress(ipv6, cur) + "/" + (bits - size)));
            cur = cur.add(BigInteger.ONE.shiftLeft(size));
        }
        return out;
    }
}
