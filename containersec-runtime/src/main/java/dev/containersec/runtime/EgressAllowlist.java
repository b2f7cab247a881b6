package dev.containersec.runtime;

import dev.containersec.api.NetworkProtocol;
import dev.containersec.runtime.internal.baseline.IpNet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EgressPolicy} allowing destinations in a list of {@code CIDR[:PORT]} entries
 * ({@code 10.0.0.0/8}, {@code 203.0.113.7:443}, {@code [2001:db8::/32]:53}); an entry without a port
 * allows every port. Immutable.
 */
public final class EgressAllowlist implements EgressPolicy {

    private record Entry(IpNet net, int port, String text) {
    }

    private final List<Entry> entries;

    private EgressAllowlist(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Parses the entries.
     *
     * @param entries {@code CIDR[:PORT]} entries; IPv6 with a port in brackets
     * @return the allowlist
     * @throws IllegalArgumentException naming an entry that does not parse
     */
    public static EgressAllowlist parse(List<String> entries) {
        List<Entry> out = new ArrayList<>();
        for (String e : entries) {
            Objects.requireNonNull(e, "entry");
            String net = e;
            int port = -1;
            if (e.startsWith("[")) {
                int close = e.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("egress entry '" + e + "' lacks ']'");
                }
                net = e.substring(1, close);
                String rest = e.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new IllegalArgumentException("egress entry '" + e + "': expected ':PORT' after ']'");
                    }
                    port = port(e, rest.substring(1));
                }
            } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
                net = e.substring(0, e.indexOf(':'));
                port = port(e, e.substring(e.indexOf(':') + 1));
            }
            try {
                out.add(new Entry(IpNet.parse(net), port, e));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("egress entry '" + e + "' must be CIDR[:PORT], e.g. 10.0.0.0/8:443: "
                        + x.getMessage(), x);
            }
        }
        return new EgressAllowlist(List.copyOf(out));
    }

    private static int port(String entry, String p) {
        if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
            throw new IllegalArgumentException("port of egress entry '" + entry + "' must be 1..65535");
        }
        return Integer.parseInt(p);
    }

    @Override
    public boolean allows(String workload, InetAddress destination, int port, NetworkProtocol protocol) {
        for (Entry e : entries) {
            if ((e.port == -1 || e.port == port) && e.net.contains(destination)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String description() {
        return "allowlist " + String.join(",", entries.stream().map(Entry::text).toList());
    }
}
