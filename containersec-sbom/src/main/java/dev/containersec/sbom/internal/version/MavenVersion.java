package dev.containersec.sbom.internal.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maven's {@code ComparableVersion} (maven-artifact): the same item tree (numbers, qualifiers, and a
 * nested list after every '-' or digit/letter transition), the same normalisation (null items removed
 * from the end of every list) and the same item-by-item comparison with null padding. Numbers of any
 * length compare numerically; leading zeros are insignificant; the aliases {@code ga}, {@code final},
 * {@code release} (empty qualifier) and {@code cr} (= {@code rc}) are applied; {@code a}, {@code b},
 * {@code m} directly followed by a digit mean alpha, beta, milestone; as in Maven 3.9, a qualifier that
 * ends the version or is followed by a digit starts a new list even after a dot ({@code 1.0.sp} is
 * {@code 1-sp}, {@code 1.a1} is {@code 1-alpha-1}). Checked against maven-artifact 3.9.6 itself by
 * {@code MavenVersionDifferentialProperties}.
 *
 * <p>Like Maven, accepts every string. Also like Maven, the order is not transitive for a few odd
 * shapes where a list starts with a null item but continues (for example {@code 1-0.x} and
 * {@code 1-ga.x} both equal {@code 1} but differ from each other); those are reproduced, not fixed.
 */
public final class MavenVersion extends VersionKey {

    private static final String[] QUALIFIERS = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
    private static final int RELEASE_RANK = 5;
    private static final int UNKNOWN_RANK = QUALIFIERS.length;

    private final ListItem items;

    private MavenVersion(ListItem items) {
        this.items = items;
    }

    /**
     * Parses any string the way {@code new ComparableVersion(text)} does.
     *
     * @param text the version
     * @return the key
     */
    public static VersionKey parse(String text) {
        String version = text.toLowerCase(Locale.ENGLISH);
        ListItem root = new ListItem();
        ListItem list = root;
        List<ListItem> stack = new ArrayList<>();
        stack.add(list);
        boolean isDigit = false;
        int start = 0;
        int n = version.length();
        for (int i = 0; i < n; i++) {
            char c = version.charAt(i);
            if (c == '.') {
                list.add(i == start ? NumItem.ZERO : item(isDigit, version.substring(start, i), false));
                start = i + 1;
            } else if (c == '-') {
                list.add(i == start ? NumItem.ZERO : item(isDigit, version.substring(start, i), false));
                start = i + 1;
                ListItem sub = new ListItem();
                list.add(sub);
                list = sub;
                stack.add(list);
            } else if (Character.isDigit(c)) {
                if (!isDigit && i > start) {
                    list = pushIfNotEmpty(list, stack); // Maven 3.9: 1.0.x1 is 1.0-x-1
                    list.add(new StrItem(version.substring(start, i), true));
                    start = i;
                    ListItem sub = new ListItem();
                    list.add(sub);
                    list = sub;
                    stack.add(list);
                }
                isDigit = true;
            } else {
                if (isDigit && i > start) {
                    list.add(item(true, version.substring(start, i), false));
                    start = i;
                    ListItem sub = new ListItem();
                    list.add(sub);
                    list = sub;
                    stack.add(list);
                }
                isDigit = false;
            }
        }
        if (n > start) {
            if (!isDigit) {
                list = pushIfNotEmpty(list, stack); // Maven 3.9: a trailing .X is read as -X
            }
            list.add(item(isDigit, version.substring(start), false));
        }
        for (int k = stack.size() - 1; k >= 0; k--) {
            stack.get(k).normalize();
        }
        return new MavenVersion(root);
    }

    private static ListItem pushIfNotEmpty(ListItem list, List<ListItem> stack) {
        if (list.items.isEmpty()) {
            return list;
        }
        ListItem sub = new ListItem();
        list.add(sub);
        stack.add(sub);
        return sub;
    }

    private static Item item(boolean isDigit, String buf, boolean followedByDigit) {
        return isDigit ? NumItem.of(buf) : new StrItem(buf, followedByDigit);
    }

    @Override
    public int compareKey(VersionKey other) {
        return items.compareTo(((MavenVersion) other).items);
    }

    @Override
    protected int canonicalHash() {
        // Items that compare equal share their leading run of numbers (trailing zeros aside): hash that.
        int h = 1;
        int zeros = 0;
        for (Item it : items.items) {
            if (!(it instanceof NumItem num)) {
                break;
            }
            if (num.isNull()) {
                zeros++;
                continue;
            }
            for (; zeros > 0; zeros--) {
                h = h * 31 + NumItem.ZERO.digits.hashCode();
            }
            h = h * 31 + num.digits.hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return items.toString();
    }

    private interface Item {
        int compareTo(Item item);

        boolean isNull();
    }

    private static final class NumItem implements Item {
        static final NumItem ZERO = new NumItem("0");
        final String digits; // stripped ASCII digits
        final long small; // value when at most 18 digits, else -1

        private NumItem(String digits) {
            this.digits = digits;
            this.small = digits.length() <= 18 ? Long.parseLong(digits) : -1;
        }

        static NumItem of(String raw) {
            StringBuilder ascii = null;
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c < '0' || c > '9') {
                    // Character.isDigit accepts every Unicode decimal digit, as Maven does.
                    if (ascii == null) {
                        ascii = new StringBuilder(raw.substring(0, i));
                    }
                    ascii.append((char) ('0' + Character.digit(c, 10)));
                } else if (ascii != null) {
                    ascii.append(c);
                }
            }
            return new NumItem(Num.strip(ascii == null ? raw : ascii.toString()));
        }

        @Override
        public boolean isNull() {
            return small == 0;
        }

        @Override
        public int compareTo(Item item) {
            if (item == null) {
                return isNull() ? 0 : 1;
            }
            if (item instanceof NumItem o) {
                return small >= 0 && o.small >= 0 ? Long.compare(small, o.small)
                        : Num.compareStripped(digits, o.digits);
            }
            return 1; // 1.1 > 1-sp, 1.1 > 1-1
        }

        @Override
        public String toString() {
            return digits;
        }
    }

    private static final class StrItem implements Item {
        final String value;
        final int rank;

        StrItem(String raw, boolean followedByDigit) {
            String v = raw;
            if (followedByDigit && v.length() == 1) {
                switch (v.charAt(0)) {
                    case 'a' -> v = "alpha";
                    case 'b' -> v = "beta";
                    case 'm' -> v = "milestone";
                    default -> { }
                }
            }
            switch (v) {
                case "ga", "final", "release" -> v = "";
                case "cr" -> v = "rc";
                default -> { }
            }
            this.value = v;
            int r = UNKNOWN_RANK;
            for (int i = 0; i < QUALIFIERS.length; i++) {
                if (QUALIFIERS[i].equals(v)) {
                    r = i;
                    break;
                }
            }
            this.rank = r;
        }

        @Override
        public boolean isNull() {
            return rank == RELEASE_RANK;
        }

        @Override
        public int compareTo(Item item) {
            if (item == null) {
                return Integer.compare(rank, RELEASE_RANK); // 1-rc < 1, 1-sp > 1
            }
            if (item instanceof StrItem o) {
                int c = Integer.compare(rank, o.rank);
                if (c != 0 || rank != UNKNOWN_RANK) {
                    return c;
                }
                return Integer.signum(value.compareTo(o.value));
            }
            return -1; // 1.any < 1.1, 1.any < 1-1
        }

        @Override
        public String toString() {
            return value;
        }
    }

    private static final class ListItem implements Item {
        final List<Item> items = new ArrayList<>(4);

        void add(Item item) {
            items.add(item);
        }

        void normalize() {
            for (int i = items.size() - 1; i >= 0; i--) {
                Item last = items.get(i);
                if (last.isNull()) {
                    items.remove(i);
                } else if (!(last instanceof ListItem)) {
                    break;
                }
            }
        }

        @Override
        public boolean isNull() {
            return items.isEmpty();
        }

        @Override
        public int compareTo(Item item) {
            if (item == null) {
                for (Item it : items) {
                    int c = it.compareTo(null);
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
            if (item instanceof NumItem) {
                return -1; // 1-1 < 1.0.x
            }
            if (item instanceof StrItem) {
                return 1; // 1-1 > 1-sp
            }
            List<Item> right = ((ListItem) item).items;
            int n = Math.max(items.size(), right.size());
            for (int i = 0; i < n; i++) {
                Item l = i < items.size() ? items.get(i) : null;
                Item r = i < right.size() ? right.get(i) : null;
                int result = l == null ? (r == null ? 0 : -r.compareTo(null)) : l.compareTo(r);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Item it : items) {
                if (b.length() > 0) {
                    b.append(it instanceof ListItem ? '-' : '.');
                }
                b.append(it);
            }
            return b.toString();
        }
    }
}
