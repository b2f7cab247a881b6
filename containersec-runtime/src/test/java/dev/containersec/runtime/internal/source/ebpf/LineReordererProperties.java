package dev.containersec.runtime.internal.source.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.internal.source.ContainerIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The reorderer undoes any disorder within its window: kernel-ordered probe output, delivered with each
 * CPU drain delayed by less than the window, decodes to the same events as the ordered output. And
 * hostile lines stay bounded and counted.
 */
class LineReordererProperties {

    private static final long MS = 1_000_000L;
    private static final long WINDOW = 50 * MS;
    private static final Path NO_PROC = Path.of("/nonexistent-proc");

    /** Lines printed together by one probe (same CPU, same drain), at one kernel time. */
    private record Group(long nsecs, List<String> lines) {
    }

    /** A group as it reaches the reader: after a delay below the window. */
    private record Arrival(long at, int order, Group group) {
    }

    private static String header(long nsecs, int pid, String comm) {
        return nsecs + "\t" + pid + "\t" + pid + "\t1\t0\t0\t0\t0\t77\t" + comm;
    }

    /** One process's activity as groups in kernel order, from a step kind, a pid and a kernel time. */
    private static List<Group> step(int kind, int pid, long t) {
        String file = "/usr/bin/p" + kind;
        return switch (kind) {
            case 0, 1, 2 -> List.of(
                    new Group(t, List.of("execve\t" + t + "\t" + pid + "\t" + file, "argv\t" + t + "\t" + pid + "\t0\tp",
                            "argv\t" + t + "\t" + pid + "\t1\t" + kind + "\twith tab")),
                    new Group(t + 1, List.of("exec\t" + header(t + 1, pid, "p") + "\t" + pid + "\t" + file)));
            case 3 -> List.of(new Group(t, List.of("execve\t" + t + "\t" + pid + "\t/nowhere/p",
                    "argv\t" + t + "\t" + pid + "\t0\tfailed")));
            case 4 -> List.of(
                    new Group(t, List.of("cred\t" + header(t, pid, "p") + "\tsetuid\t-1\t" + pid + "\t-1")),
                    new Group(t + 1, List.of("ret\t" + (t + 1) + "\t" + pid + "\t0")));
            case 5 -> List.of(new Group(t, List.of("open\t" + header(t, pid, "p") + "\t-100\t0\t0\t/etc/p" + pid)));
            default -> List.of(new Group(t, List.of("exit\t" + header(t, pid, "p") + "\t0")));
        };
    }

    @Provide
    Arbitrary<List<Arrival>> arrivals() {
        Arbitrary<int[]> steps = Combinators.combine(Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(100, 103), Arbitraries.integers().between(0, 3_000_000))
                .as((kind, pid, gap) -> new int[] {kind, pid, gap});
        return steps.list().ofMinSize(1).ofMaxSize(40).flatMap(list -> {
            List<Group> groups = new ArrayList<>();
            long t = 1_000 * MS;
            for (int[] s : list) {
                t += 2 + s[2];
                List<Group> g = step(s[0], s[1], t);
                groups.addAll(g);
                t = g.get(g.size() - 1).nsecs();
            }
            groups.addAll(step(0, 100, t + 2));
            return Arbitraries.longs().between(0, WINDOW - 1).list().ofSize(groups.size()).map(delays -> {
                List<Arrival> arrivals = new ArrayList<>();
                for (int i = 0; i < groups.size(); i++) {
                    arrivals.add(new Arrival(groups.get(i).nsecs() + delays.get(i), i, groups.get(i)));
                }
                return arrivals;
            });
        });
    }

    private static List<RuntimeEvent> decodeInKernelOrder(List<Arrival> arrivals) {
        BpftraceDecoder d = new BpftraceDecoder(0, new ContainerIds(NO_PROC, 16), NO_PROC, -1);
        List<RuntimeEvent> out = new ArrayList<>();
        arrivals.stream().sorted(Comparator.comparingInt(Arrival::order))
                .forEach(a -> a.group().lines().forEach(l -> d.decode(l, out::add)));
        return out;
    }

    @Property(tries = 400)
    void disorderWithinTheWindow_decodesLikeKernelOrder(@ForAll("arrivals") List<Arrival> arrivals) {
        BpftraceDecoder d = new BpftraceDecoder(0, new ContainerIds(NO_PROC, 16), NO_PROC, -1);
        LineReorderer r = new LineReorderer(WINDOW, 1 << 16, 1L << 30);
        List<RuntimeEvent> out = new ArrayList<>();
        List<Arrival> byArrival = arrivals.stream()
                .sorted(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::order)).toList();
        for (Arrival a : byArrival) {
            for (String due; (due = r.pollDue(a.at())) != null; ) {
                d.decode(due, out::add);
            }
            a.group().lines().forEach(l -> r.add(l, a.at()));
        }
        for (String due; (due = r.pollEarliest()) != null; ) {
            d.decode(due, out::add);
        }
        List<RuntimeEvent> expected = decodeInKernelOrder(arrivals);
        assertThat(expected).isNotEmpty();
        assertThat(out).isEqualTo(expected);
        assertThat(r.lateLines()).isZero();
        assertThat(d.malformedLines()).isZero();
    }

    @Provide
    Arbitrary<List<String>> hostileLines() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30),
                Arbitraries.of("-1", "NaN", "18446744073709551615", "18446744073709551616", "0x10", " 5", ""));
        Arbitrary<String> text = Arbitraries.strings().withChars("\tab\\x0/").ofMaxLength(20);
        Arbitrary<String> kind = Arbitraries.of("execve", "argv", "ret", "exec", "cred", "open", "", "zz");
        Arbitrary<String> structured = Combinators.combine(kind, number, number, number, text)
                .as((k, a, b, c, s) -> k + "\t" + a + "\t" + b + "\t" + c + "\t" + s);
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("x\t9").ofMinLength(1000).ofMaxLength(3000)).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void hostileLines_stayBounded_andAreEitherReleasedOrCounted(
            @ForAll("hostileLines") List<String> lines, @ForAll @IntRange(min = 1, max = 8) int maxLines) {
        BpftraceDecoder d = new BpftraceDecoder(0, new ContainerIds(NO_PROC, 16), NO_PROC, -1);
        long maxChars = 2_000;
        LineReorderer r = new LineReorderer(WINDOW, maxLines, maxChars);
        List<RuntimeEvent> out = new ArrayList<>();
        long released = 0;
        long now = 0;
        for (String line : lines) {
            now += MS;
            r.add(line, now);
            while (r.overCapacity()) {
                d.decode(r.pollEarliest(), out::add);
                released++;
            }
            assertThat(r.size()).isLessThanOrEqualTo(maxLines);
            assertThat(r.heldChars()).isLessThanOrEqualTo(maxChars);
        }
        for (String due; (due = r.pollDue(now + WINDOW)) != null; ) {
            d.decode(due, out::add);
            released++;
        }
        assertThat(r.size()).isZero();
        assertThat(released + r.malformedLines()).isEqualTo(lines.size());
        assertThat(out.size()).isLessThanOrEqualTo(lines.size());
    }
}
