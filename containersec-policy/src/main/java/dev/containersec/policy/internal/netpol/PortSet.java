package dev.containersec.policy.internal.netpol;

import dev.containersec.policy.NetpolPort;
import dev.containersec.policy.NetpolProtocol;
import java.util.Arrays;

/**
 * An immutable set of (protocol, port) pairs: per protocol, sorted, disjoint, non-adjacent inclusive ranges
 * stored flat as {@code [lo0, hi0, lo1, hi1, ...]}. "Any port" is the range 1-65535.
 */
public final class PortSet {

    private static final int[] NONE = new int[0];
    private static final int[] FULL = {NetpolPort.MIN_PORT, NetpolPort.MAX_PORT};
    private static final int P = NetpolProtocol.values().length;

    /** No ports. */
    public static final PortSet EMPTY = new PortSet(new int[][] {NONE, NONE, NONE});
    /** Every port of every protocol. */
    public static final PortSet ALL = new PortSet(new int[][] {FULL, FULL, FULL});

    private final int[][] ranges;

    private PortSet(int[][] ranges) {
        this.ranges = ranges;
    }

    /**
     * Returns the ports of one protocol range.
     *
     * @param protocol the protocol
     * @param lo first port
     * @param hi last port
     * @return the set
     */
    public static PortSet of(NetpolProtocol protocol, int lo, int hi) {
        if (lo == NetpolPort.MIN_PORT && hi == NetpolPort.MAX_PORT) {
            int[][] r = {NONE, NONE, NONE};
            r[protocol.ordinal()] = FULL;
            return new PortSet(r);
        }
        int[][] r = {NONE, NONE, NONE};
        r[protocol.ordinal()] = new int[] {lo, hi};
        return new PortSet(r);
    }

    /**
     * Tells whether the set is empty.
     *
     * @return true if no port is in it
     */
    public boolean isEmpty() {
        return this == EMPTY || (ranges[0].length == 0 && ranges[1].length == 0 && ranges[2].length == 0);
    }

    /**
     * Tells whether the set holds every port of every protocol.
     *
     * @return true for {@link #ALL}
     */
    public boolean isAll() {
        if (this == ALL) {
            return true;
        }
        for (int[] r : ranges) {
            if (r.length != 2 || r[0] != NetpolPort.MIN_PORT || r[1] != NetpolPort.MAX_PORT) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the ranges of one protocol.
     *
     * @param protocol the protocol
     * @return flat {@code [lo, hi, ...]}; do not modify
     */
    int[] rangesOf(NetpolProtocol protocol) {
        return ranges[protocol.ordinal()];
    }

    /**
     * Returns a copy of the ranges of one protocol.
     *
     * @param protocol the protocol
     * @return flat {@code [lo, hi, ...]}
     */
    public int[] ranges(NetpolProtocol protocol) {
        return ranges[protocol.ordinal()].clone();
    }

    /**
     * Tells whether a port is in the set.
     *
     * @param protocol the protocol
     * @param port the port
     * @return true if present
     */
    public boolean contains(NetpolProtocol protocol, int port) {
        int[] r = ranges[protocol.ordinal()];
        for (int i = 0; i < r.length; i += 2) {
            if (port < r[i]) {
                return false;
            }
            if (port <= r[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether every port of a protocol is in the set.
     *
     * @param protocol the protocol
     * @return true if 1-65535 of that protocol is present
     */
    public boolean containsAll(NetpolProtocol protocol) {
        int[] r = ranges[protocol.ordinal()];
        return r.length == 2 && r[0] == NetpolPort.MIN_PORT && r[1] == NetpolPort.MAX_PORT;
    }

    /**
     * Returns the union.
     *
     * @param o the other set
     * @return this ∪ o
     */
    public PortSet union(PortSet o) {
        if (o == EMPTY || o == this || this == ALL) {
            return this;
        }
        if (this == EMPTY || o == ALL) {
            return o;
        }
        int[][] r = new int[P][];
        for (int p = 0; p < P; p++) {
            r[p] = union(ranges[p], o.ranges[p]);
        }
        return new PortSet(r);
    }

    /**
     * Returns the intersection.
     *
     * @param o the other set
     * @return this ∩ o
     */
    public PortSet intersect(PortSet o) {
        if (o == ALL || o == this || this == EMPTY) {
            return this;
        }
        if (this == ALL || o == EMPTY) {
            return o;
        }
        int[][] r = new int[P][];
        boolean empty = true;
        for (int p = 0; p < P; p++) {
            r[p] = intersect(ranges[p], o.ranges[p]);
            empty &= r[p].length == 0;
        }
        return empty ? EMPTY : new PortSet(r);
    }

    private static int[] union(int[] a, int[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0 || a == b) {
            return a;
        }
        int[] out = new int[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            int lo;
            int hi;
            if (j >= b.length || (i < a.length && a[i] <= b[j])) {
                lo = a[i];
                hi = a[i + 1];
                i += 2;
            } else {
                lo = b[j];
                hi = b[j + 1];
                j += 2;
            }
            if (n > 0 && lo <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], hi);
            } else {
                out[n++] = lo;
                out[n++] = hi;
            }
        }
        if (n == 2 && out[0] == NetpolPort.MIN_PORT && out[1] == NetpolPort.MAX_PORT) {
            return FULL;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static int[] intersect(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return NONE;
        }
        if (a == FULL || a == b) {
            return b;
        }
        if (b == FULL) {
            return a;
        }
        int[] out = new int[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            int lo = Math.max(a[i], b[j]);
            int hi = Math.min(a[i + 1], b[j + 1]);
            if (lo <= hi) {
                out[n++] = lo;
                out[n++] = hi;
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return n == 0 ? NONE : Arrays.copyOf(out, n);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PortSet s)) {
            return false;
        }
        for (int p = 0; p < P; p++) {
            if (!Arrays.equals(ranges[p], s.ranges[p])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(ranges);
    }

    /**
     * Formats the set: {@code All} for everything, else for example {@code TCP 80,443 UDP 53}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        if (isAll()) {
            return "All";
        }
        StringBuilder sb = new StringBuilder();
        for (NetpolProtocol p : NetpolProtocol.values()) {
            int[] r = ranges[p.ordinal()];
            if (r.length == 0) {
                continue;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(p).append(' ');
            for (int i = 0; i < r.length; i += 2) {
                sb.append(i == 0 ? "" : ",").append(portText(r[i], r[i + 1]));
            }
        }
        return sb.toString();
    }

    /**
     * Formats one port range.
     *
     * @param lo first
     * @param hi last
     * @return {@code 80}, {@code 80-90} or {@code *} for 1-65535
     */
    public static String portText(int lo, int hi) {
        if (lo == NetpolPort.MIN_PORT && hi == NetpolPort.MAX_PORT) {
            return "*";
        }
        return lo == hi ? String.valueOf(lo) : lo + "-" + hi;
    }
}
