package dev.containersec.policy.internal.cel;

import static dev.cel.common.CelFunctionDecl.newFunctionDeclaration;
import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Kubernetes CEL libraries that CEL-Java lacks ({@code k8s.io/apiserver/pkg/cel/library}): regex
 * {@code find}/{@code findAll}, the v0 list functions ({@code isSorted}, {@code sum}, {@code min}, {@code max},
 * {@code indexOf}, {@code lastIndexOf}), URLs, IP addresses and CIDRs, quantities and semantic versions.
 * Regular expressions use RE2 (linear time), as Kubernetes does.
 */
public final class K8sLibrary {

    private K8sLibrary() {
    }

    static final OpaqueType URL = OpaqueType.create("kubernetes.URL");
    static final OpaqueType IP = OpaqueType.create("net.IP");
    static final OpaqueType CIDR = OpaqueType.create("net.CIDR");
    static final OpaqueType QUANTITY = OpaqueType.create("kubernetes.Quantity");
    static final OpaqueType SEMVER = OpaqueType.create("kubernetes.Semver");

    private static final CelType STRING = SimpleType.STRING;
    private static final CelType INT = SimpleType.INT;
    private static final CelType BOOL = SimpleType.BOOL;
    private static final CelType DOUBLE = SimpleType.DOUBLE;
    private static final TypeParamType T = TypeParamType.create("T");
    private static final ListType LIST_T = ListType.create(T);

    /**
     * Returns the function declarations for the compiler.
     *
     * @return the declarations
     */
    public static List<CelFunctionDecl> declarations() {
        List<CelFunctionDecl> d = new ArrayList<>();
        // regex
        d.add(newFunctionDeclaration("find", newMemberOverload("k8s_string_find", STRING, STRING, STRING)));
        d.add(newFunctionDeclaration("findAll",
                newMemberOverload("k8s_string_find_all", ListType.create(STRING), STRING, STRING),
                newMemberOverload("k8s_string_find_all_n", ListType.create(STRING), STRING, STRING, INT)));
        // lists (v0)
        d.add(newFunctionDeclaration("isSorted", newMemberOverload("k8s_list_is_sorted", BOOL, LIST_T)));
        d.add(newFunctionDeclaration("sum", newMemberOverload("k8s_list_sum", T, LIST_T)));
        d.add(newFunctionDeclaration("min", newMemberOverload("k8s_list_min", T, LIST_T)));
        d.add(newFunctionDeclaration("max", newMemberOverload("k8s_list_max", T, LIST_T)));
        d.add(newFunctionDeclaration("indexOf",
                newMemberOverload("k8s_list_index_of", INT, LIST_T, T)));
        d.add(newFunctionDeclaration("lastIndexOf",
                newMemberOverload("k8s_list_last_index_of", INT, LIST_T, T)));
        // URLs
        d.add(newFunctionDeclaration("url", newGlobalOverload("k8s_url_string", URL, STRING)));
        d.add(newFunctionDeclaration("isURL", newGlobalOverload("k8s_is_url_string", BOOL, STRING)));
        d.add(newFunctionDeclaration("getScheme", newMemberOverload("k8s_url_get_scheme", STRING, URL)));
        d.add(newFunctionDeclaration("getHost", newMemberOverload("k8s_url_get_host", STRING, URL)));
        d.add(newFunctionDeclaration("getHostname", newMemberOverload("k8s_url_get_hostname", STRING, URL)));
        d.add(newFunctionDeclaration("getPort", newMemberOverload("k8s_url_get_port", STRING, URL)));
        d.add(newFunctionDeclaration("getEscapedPath", newMemberOverload("k8s_url_get_escaped_path", STRING, URL)));
        d.add(newFunctionDeclaration("getQuery", newMemberOverload("k8s_url_get_query",
                MapType.create(STRING, ListType.create(STRING)), URL)));
        // IP and CIDR
        d.add(newFunctionDeclaration("ip", newGlobalOverload("k8s_ip_string", IP, STRING),
                newMemberOverload("k8s_cidr_ip", IP, CIDR)));
        d.add(newFunctionDeclaration("isIP", newGlobalOverload("k8s_is_ip_string", BOOL, STRING)));
        d.add(newFunctionDeclaration("family", newMemberOverload("k8s_ip_family", INT, IP)));
        d.add(newFunctionDeclaration("isUnspecified", newMemberOverload("k8s_ip_is_unspecified", BOOL, IP)));
        d.add(newFunctionDeclaration("isLoopback", newMemberOverload("k8s_ip_is_loopback", BOOL, IP)));
        d.add(newFunctionDeclaration("isLinkLocalMulticast",
                newMemberOverload("k8s_ip_is_link_local_multicast", BOOL, IP)));
        d.add(newFunctionDeclaration("isLinkLocalUnicast",
                newMemberOverload("k8s_ip_is_link_local_unicast", BOOL, IP)));
        d.add(newFunctionDeclaration("isGlobalUnicast", newMemberOverload("k8s_ip_is_global_unicast", BOOL, IP)));
        d.add(newFunctionDeclaration("cidr", newGlobalOverload("k8s_cidr_string", CIDR, STRING)));
        d.add(newFunctionDeclaration("isCIDR", newGlobalOverload("k8s_is_cidr_string", BOOL, STRING)));
        d.add(newFunctionDeclaration("containsIP", newMemberOverload("k8s_cidr_contains_ip_string", BOOL, CIDR, STRING),
                newMemberOverload("k8s_cidr_contains_ip_ip", BOOL, CIDR, IP)));
        d.add(newFunctionDeclaration("containsCIDR",
                newMemberOverload("k8s_cidr_contains_cidr_string", BOOL, CIDR, STRING),
                newMemberOverload("k8s_cidr_contains_cidr", BOOL, CIDR, CIDR)));
        d.add(newFunctionDeclaration("masked", newMemberOverload("k8s_cidr_masked", CIDR, CIDR)));
        d.add(newFunctionDeclaration("prefixLength", newMemberOverload("k8s_cidr_prefix_length", INT, CIDR)));
        // quantity
        d.add(newFunctionDeclaration("quantity", newGlobalOverload("k8s_quantity_string", QUANTITY, STRING)));
        d.add(newFunctionDeclaration("isQuantity", newGlobalOverload("k8s_is_quantity_string", BOOL, STRING)));
        d.add(newFunctionDeclaration("sign", newMemberOverload("k8s_quantity_sign", INT, QUANTITY)));
        d.add(newFunctionDeclaration("isInteger", newMemberOverload("k8s_quantity_is_integer", BOOL, QUANTITY)));
        d.add(newFunctionDeclaration("asInteger", newMemberOverload("k8s_quantity_as_integer", INT, QUANTITY)));
        d.add(newFunctionDeclaration("asApproximateFloat",
                newMemberOverload("k8s_quantity_as_float", DOUBLE, QUANTITY)));
        d.add(newFunctionDeclaration("add", newMemberOverload("k8s_quantity_add", QUANTITY, QUANTITY, QUANTITY),
                newMemberOverload("k8s_quantity_add_int", QUANTITY, QUANTITY, INT)));
        d.add(newFunctionDeclaration("sub", newMemberOverload("k8s_quantity_sub", QUANTITY, QUANTITY, QUANTITY),
                newMemberOverload("k8s_quantity_sub_int", QUANTITY, QUANTITY, INT)));
        // semver
        d.add(newFunctionDeclaration("semver", newGlobalOverload("k8s_semver_string", SEMVER, STRING)));
        d.add(newFunctionDeclaration("isSemver", newGlobalOverload("k8s_is_semver_string", BOOL, STRING)));
        d.add(newFunctionDeclaration("major", newMemberOverload("k8s_semver_major", INT, SEMVER)));
        d.add(newFunctionDeclaration("minor", newMemberOverload("k8s_semver_minor", INT, SEMVER)));
        d.add(newFunctionDeclaration("patch", newMemberOverload("k8s_semver_patch", INT, SEMVER)));
        // comparisons shared by quantity and semver
        d.add(newFunctionDeclaration("isLessThan",
                newMemberOverload("k8s_quantity_less", BOOL, QUANTITY, QUANTITY),
                newMemberOverload("k8s_semver_less", BOOL, SEMVER, SEMVER)));
        d.add(newFunctionDeclaration("isGreaterThan",
                newMemberOverload("k8s_quantity_greater", BOOL, QUANTITY, QUANTITY),
                newMemberOverload("k8s_semver_greater", BOOL, SEMVER, SEMVER)));
        d.add(newFunctionDeclaration("compareTo",
                newMemberOverload("k8s_quantity_compare", INT, QUANTITY, QUANTITY),
                newMemberOverload("k8s_semver_compare", INT, SEMVER, SEMVER)));
        return List.copyOf(d);
    }

    /**
     * Returns the runtime bindings for {@link #declarations()}.
     *
     * @return the bindings
     */
    public static List<CelFunctionBinding> bindings() {
        List<CelFunctionBinding> b = new ArrayList<>();
        b.add(CelFunctionBinding.from("k8s_string_find", String.class, String.class, K8sLibrary::find));
        b.add(CelFunctionBinding.from("k8s_string_find_all", String.class, String.class,
                (s, re) -> findAll(s, re, -1)));
        b.add(CelFunctionBinding.from("k8s_string_find_all_n", List.of(String.class, String.class, Long.class),
                args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
        b.add(CelFunctionBinding.from("k8s_list_is_sorted", List.class, K8sLibrary::isSorted));
        b.add(CelFunctionBinding.from("k8s_list_sum", List.class, K8sLibrary::sum));
        b.add(CelFunctionBinding.from("k8s_list_min", List.class, l -> extreme(l, -1)));
        b.add(CelFunctionBinding.from("k8s_list_max", List.class, l -> extreme(l, 1)));
        b.add(CelFunctionBinding.from("k8s_list_index_of", List.of(List.class, Object.class),
                args -> (long) ((List<?>) args[0]).indexOf(args[1])));
        b.add(CelFunctionBinding.from("k8s_list_last_index_of", List.of(List.class, Object.class),
                args -> (long) ((List<?>) args[0]).lastIndexOf(args[1])));

        b.add(CelFunctionBinding.from("k8s_url_string", String.class, Url::parse));
        b.add(CelFunctionBinding.from("k8s_is_url_string", String.class, s -> valid(() -> Url.parse(s))));
        b.add(CelFunctionBinding.from("k8s_url_get_scheme", Url.class, Url::scheme));
        b.add(CelFunctionBinding.from("k8s_url_get_host", Url.class, Url::host));
        b.add(CelFunctionBinding.from("k8s_url_get_hostname", Url.class, Url::hostname));
        b.add(CelFunctionBinding.from("k8s_url_get_port", Url.class, Url::port));
        b.add(CelFunctionBinding.from("k8s_url_get_escaped_path", Url.class, Url::escapedPath));
        b.add(CelFunctionBinding.from("k8s_url_get_query", Url.class, Url::query));

        b.add(CelFunctionBinding.from("k8s_ip_string", String.class, Ip::parse));
        b.add(CelFunctionBinding.from("k8s_cidr_ip", Cidr.class, Cidr::ip));
        b.add(CelFunctionBinding.from("k8s_is_ip_string", String.class, s -> valid(() -> Ip.parse(s))));
        b.add(CelFunctionBinding.from("k8s_ip_family", Ip.class, ip -> (long) ip.family()));
        b.add(CelFunctionBinding.from("k8s_ip_is_unspecified", Ip.class, ip -> ip.address().isAnyLocalAddress()));
        b.add(CelFunctionBinding.from("k8s_ip_is_loopback", Ip.class, ip -> ip.address().isLoopbackAddress()));
        b.add(CelFunctionBinding.from("k8s_ip_is_link_local_multicast", Ip.class, Ip::isLinkLocalMulticast));
        b.add(CelFunctionBinding.from("k8s_ip_is_link_local_unicast", Ip.class,
                ip -> ip.address().isLinkLocalAddress()));
        b.add(CelFunctionBinding.from("k8s_ip_is_global_unicast", Ip.class, Ip::isGlobalUnicast));
        b.add(CelFunctionBinding.from("k8s_cidr_string", String.class, Cidr::parse));
        b.add(CelFunctionBinding.from("k8s_is_cidr_string", String.class, s -> valid(() -> Cidr.parse(s))));
        b.add(CelFunctionBinding.from("k8s_cidr_contains_ip_string", Cidr.class, String.class,
                (c, s) -> c.contains(Ip.parse(s))));
        b.add(CelFunctionBinding.from("k8s_cidr_contains_ip_ip", Cidr.class, Ip.class, Cidr::contains));
        b.add(CelFunctionBinding.from("k8s_cidr_contains_cidr_string", Cidr.class, String.class,
                (c, s) -> c.contains(Cidr.parse(s))));
        b.add(CelFunctionBinding.from("k8s_cidr_contains_cidr", Cidr.class, Cidr.class, Cidr::contains));
        b.add(CelFunctionBinding.from("k8s_cidr_masked", Cidr.class, Cidr::masked));
        b.add(CelFunctionBinding.from("k8s_cidr_prefix_length", Cidr.class, c -> (long) c.prefix()));

        b.add(CelFunctionBinding.from("k8s_quantity_string", String.class, Quantity::parse));
        b.add(CelFunctionBinding.from("k8s_is_quantity_string", String.class, s -> valid(() -> Quantity.parse(s))));
        b.add(CelFunctionBinding.from("k8s_quantity_sign", Quantity.class, q -> (long) q.value().signum()));
        b.add(CelFunctionBinding.from("k8s_quantity_is_integer", Quantity.class, Quantity::isInteger));
        b.add(CelFunctionBinding.from("k8s_quantity_as_integer", Quantity.class, Quantity::asInteger));
        b.add(CelFunctionBinding.from("k8s_quantity_as_float", Quantity.class, q -> q.value().doubleValue()));
        b.add(CelFunctionBinding.from("k8s_quantity_add", Quantity.class, Quantity.class,
                (a, c) -> new Quantity(a.value().add(c.value()))));
        b.add(CelFunctionBinding.from("k8s_quantity_add_int", Quantity.class, Long.class,
                (a, c) -> new Quantity(a.value().add(BigDecimal.valueOf(c)))));
        b.add(CelFunctionBinding.from("k8s_quantity_sub", Quantity.class, Quantity.class,
                (a, c) -> new Quantity(a.value().subtract(c.value()))));
        b.add(CelFunctionBinding.from("k8s_quantity_sub_int", Quantity.class, Long.class,
                (a, c) -> new Quantity(a.value().subtract(BigDecimal.valueOf(c)))));
        b.add(CelFunctionBinding.from("k8s_quantity_less", Quantity.class, Quantity.class,
                (a, c) -> a.value().compareTo(c.value()) < 0));
        b.add(CelFunctionBinding.from("k8s_quantity_greater", Quantity.class, Quantity.class,
                (a, c) -> a.value().compareTo(c.value()) > 0));
        b.add(CelFunctionBinding.from("k8s_quantity_compare", Quantity.class, Quantity.class,
                (a, c) -> (long) Integer.signum(a.value().compareTo(c.value()))));

        b.add(CelFunctionBinding.from("k8s_semver_string", String.class, Semver::parse));
        b.add(CelFunctionBinding.from("k8s_is_semver_string", String.class, s -> valid(() -> Semver.parse(s))));
        b.add(CelFunctionBinding.from("k8s_semver_major", Semver.class, v -> v.major()));
        b.add(CelFunctionBinding.from("k8s_semver_minor", Semver.class, v -> v.minor()));
        b.add(CelFunctionBinding.from("k8s_semver_patch", Semver.class, v -> v.patch()));
        b.add(CelFunctionBinding.from("k8s_semver_less", Semver.class, Semver.class, (a, c) -> a.compareTo(c) < 0));
        b.add(CelFunctionBinding.from("k8s_semver_greater", Semver.class, Semver.class,
                (a, c) -> a.compareTo(c) > 0));
        b.add(CelFunctionBinding.from("k8s_semver_compare", Semver.class, Semver.class,
                (a, c) -> (long) Integer.signum(a.compareTo(c))));
        return List.copyOf(b);
    }

    private static boolean valid(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- regex ----

    private static Pattern pattern(String re) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + re + "': " + e.getMessage(), e);
        }
    }

    private static String find(String s, String re) {
        Matcher m = pattern(re).matcher(s);
        return m.find() ? m.group() : "";
    }

    private static List<String> findAll(String s, String re, long limit) {
        Matcher m = pattern(re).matcher(s);
        List<String> out = new ArrayList<>();
        while ((limit < 0 || out.size() < limit) && m.find()) {
            out.add(m.group());
            if (m.end() == m.start() && m.end() >= s.length()) {
                break;
            }
        }
        return Collections.unmodifiableList(out);
    }

    // ---- lists ----

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            if (a instanceof Long && b instanceof Long) {
                return Long.compare((Long) a, (Long) b);
            }
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        throw new IllegalArgumentException("cannot compare " + CelValues.describe(a) + " with " + CelValues.describe(b));
    }

    private static boolean isSorted(List<?> list) {
        for (int i = 1; i < list.size(); i++) {
            if (compare(list.get(i - 1), list.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static Object sum(List<?> list) {
        if (list.isEmpty()) {
            return 0L;
        }
        if (list.stream().allMatch(o -> o instanceof Long)) {
            long total = 0;
            for (Object o : list) {
                total = Math.addExact(total, (Long) o);
            }
            return total;
        }
        double total = 0;
        for (Object o : list) {
            if (!(o instanceof Number)) {
                throw new IllegalArgumentException("sum() needs numbers, found " + CelValues.describe(o));
            }
            total += ((Number) o).doubleValue();
        }
        return total;
    }

    private static Object extreme(List<?> list, int sign) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException((sign < 0 ? "min" : "max") + "() called on an empty list");
        }
        Object best = list.get(0);
        for (Object o : list) {
            if (Integer.signum(compare(o, best)) == sign) {
                best = o;
            }
        }
        return best;
    }

    // ---- value types ----

    /** A parsed absolute URL or absolute path, as Kubernetes' {@code url()} accepts. */
    record Url(URI uri) {
        static Url parse(String s) {
            try {
                URI uri = new URI(s);
                if (!uri.isAbsolute() && !s.startsWith("/")) {
                    throw new IllegalArgumentException("URL must be absolute: " + s);
                }
                return new Url(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("invalid URL '" + s + "': " + e.getMessage(), e);
            }
        }

        String scheme() {
            return Objects.toString(uri.getScheme(), "");
        }

        String host() {
            String h = Objects.toString(uri.getHost(), "");
            return uri.getPort() >= 0 ? h + ":" + uri.getPort() : h;
        }

        String hostname() {
            String h = Objects.toString(uri.getHost(), "");
            return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        }

        String port() {
            return uri.getPort() >= 0 ? Integer.toString(uri.getPort()) : "";
        }

        String escapedPath() {
            return Objects.toString(uri.getRawPath(), "");
        }

        Map<String, List<String>> query() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            String q = uri.getQuery();
            if (q != null && !q.isEmpty()) {
                for (String part : q.split("&")) {
                    int eq = part.indexOf('=');
                    String k = eq < 0 ? part : part.substring(0, eq);
                    String v = eq < 0 ? "" : part.substring(eq + 1);
                    out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                }
            }
            out.replaceAll((k, v) -> List.copyOf(v));
            return Collections.unmodifiableMap(out);
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }

    /** An IPv4 or IPv6 address, parsed strictly (no host names, no zones, no IPv4-mapped IPv6). */
    record Ip(InetAddress address) {
        static Ip parse(String s) {
            if (s.isEmpty() || s.contains("%") || !(s.contains(":") || s.matches("[0-9.]+"))) {
                throw new IllegalArgumentException("invalid IP address: " + s);
            }
            if (!s.contains(":")) {
                String[] octets = s.split("\\.", -1);
                if (octets.length != 4) {
                    throw new IllegalArgumentException("invalid IP address: " + s);
                }
                for (String o : octets) {
                    if (o.isEmpty() || o.length() > 3 || (o.length() > 1 && o.startsWith("0"))
                            || Integer.parseInt(o) > 255) {
                        throw new IllegalArgumentException("invalid IP address: " + s);
                    }
                }
            } else if (!s.matches("[0-9a-fA-F:.]+") || s.contains(".")) {
                throw new IllegalArgumentException("invalid IP address: " + s);
            }
            try {
                return new Ip(InetAddress.getByName(s));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("invalid IP address: " + s, e);
            }
        }

        int family() {
            return address.getAddress().length == 4 ? 4 : 6;
        }

        boolean isLinkLocalMulticast() {
            byte[] a = address.getAddress();
            if (a.length == 4) {
                return (a[0] & 0xff) == 224 && a[1] == 0 && a[2] == 0;
            }
            return (a[0] & 0xff) == 0xff && (a[1] & 0x0f) == 0x02;
        }

        boolean isGlobalUnicast() {
            byte[] a = address.getAddress();
            boolean broadcast = a.length == 4 && (a[0] & a[1] & a[2] & a[3] & 0xff) == 0xff;
            return !address.isAnyLocalAddress() && !address.isLoopbackAddress() && !address.isMulticastAddress()
                    && !address.isLinkLocalAddress() && !broadcast;
        }

        @Override
        public String toString() {
            return address.getHostAddress();
        }
    }

    /** An IP prefix in CIDR notation. */
    record Cidr(Ip address, int prefix) {
        static Cidr parse(String s) {
            int slash = s.indexOf('/');
            if (slash < 0 || !s.substring(slash + 1).matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("invalid CIDR: " + s);
            }
            Ip ip = Ip.parse(s.substring(0, slash));
            int prefix = Integer.parseInt(s.substring(slash + 1));
            if (prefix > ip.address().getAddress().length * 8) {
                throw new IllegalArgumentException("invalid CIDR prefix length: " + s);
            }
            return new Cidr(ip, prefix);
        }

        Ip ip() {
            return address;
        }

        Cidr masked() {
            byte[] a = address.address().getAddress().clone();
            for (int bit = prefix; bit < a.length * 8; bit++) {
                a[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            try {
                return new Cidr(new Ip(InetAddress.getByAddress(a)), prefix);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean contains(Ip ip) {
            byte[] net = address.address().getAddress();
            byte[] other = ip.address().getAddress();
            if (net.length != other.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((net[bit / 8] & mask) != (other[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        boolean contains(Cidr other) {
            return other.prefix >= prefix && contains(other.address);
        }

        @Override
        public String toString() {
            return address + "/" + prefix;
        }
    }

    /** A Kubernetes resource quantity ({@code 500m}, {@code 1.5Gi}, {@code 2e3}), held exactly. */
    record Quantity(BigDecimal value) {
        private static final java.util.regex.Pattern SYNTAX =
                java.util.regex.Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([eE][+-]?[0-9]{1,3}|[KMGTPE]i|[numkMGTPE]?)");
        private static final Map<String, BigDecimal> SUFFIXES = suffixes();

        Quantity {
            value = value.stripTrailingZeros();
        }

        static Quantity parse(String s) {
            java.util.regex.Matcher m = s.length() <= 64 ? SYNTAX.matcher(s) : null;
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException("invalid quantity: " + s);
            }
            BigDecimal number = new BigDecimal(m.group(1));
            String suffix = m.group(2);
            if (suffix.startsWith("e") || suffix.startsWith("E")) {
                return new Quantity(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
            }
            return new Quantity(number.multiply(SUFFIXES.get(suffix)));
        }

        private static Map<String, BigDecimal> suffixes() {
            Map<String, BigDecimal> m = new java.util.HashMap<>();
            m.put("", BigDecimal.ONE);
            String[] decimal = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
            for (int i = 0; i < decimal.length; i++) {
                if (!decimal[i].isEmpty()) {
                    m.put(decimal[i], BigDecimal.ONE.scaleByPowerOfTen((i - 3) * 3));
                }
            }
            String[] binary = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
            for (int i = 0; i < binary.length; i++) {
                m.put(binary[i], new BigDecimal(BigInteger.valueOf(1024).pow(i + 1)));
            }
            return Map.copyOf(m);
        }

        boolean isInteger() {
            return value.signum() == 0 || value.scale() <= 0
                    && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    && value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0;
        }

        long asInteger() {
            if (!isInteger()) {
                throw new IllegalArgumentException("quantity " + this + " is not an integer or does not fit in int");
            }
            return value.longValueExact();
        }

        @Override
        public String toString() {
            return value.round(MathContext.DECIMAL64).toPlainString();
        }
    }

    /** A semantic version (semver.org 2.0), compared by precedence. */
    record Semver(long major, long minor, long patch, List<String> pre) implements Comparable<Semver> {
        private static final java.util.regex.Pattern SYNTAX = java.util.regex.Pattern.compile(
                "(0|[1-9][0-9]{0,17})\\.(0|[1-9][0-9]{0,17})\\.(0|[1-9][0-9]{0,17})"
                        + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

        static Semver parse(String s) {
            java.util.regex.Matcher m = s.length() <= 256 ? SYNTAX.matcher(s) : null;
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException("invalid semver: " + s);
            }
            List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
            return new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    pre);
        }

        @Override
        public int compareTo(Semver o) {
            int c = Long.compare(major, o.major);
            c = c != 0 ? c : Long.compare(minor, o.minor);
            c = c != 0 ? c : Long.compare(patch, o.patch);
            if (c != 0) {
                return c;
            }
            if (pre.isEmpty() || o.pre.isEmpty()) {
                return Boolean.compare(pre.isEmpty(), o.pre.isEmpty());
            }
            for (int i = 0; i < Math.min(pre.size(), o.pre.size()); i++) {
                String a = pre.get(i);
                String b = o.pre.get(i);
                boolean an = a.matches("[0-9]+");
                boolean bn = b.matches("[0-9]+");
                int d = an && bn ? new BigInteger(a).compareTo(new BigInteger(b))
                        : an ? -1 : bn ? 1 : a.compareTo(b);
                if (d != 0) {
                    return d;
                }
            }
            return Integer.compare(pre.size(), o.pre.size());
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch + (pre.isEmpty() ? "" : "-" + String.join(".", pre));
        }
    }
}
