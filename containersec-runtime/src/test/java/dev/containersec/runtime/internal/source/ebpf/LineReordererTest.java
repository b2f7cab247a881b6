package dev.containersec.runtime.internal.source.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReordererTest {

    private static final long MS = 1_000_000L;

    private static List<String> drainDue(LineReorderer r, long now) {
        List<String> out = new ArrayList<>();
        String line;
        while ((line = r.pollDue(now)) != null) {
            out.add(line);
        }
        return out;
    }

    @Test
    void linesAreHeldForTheWindow_thenReleasedInTimestampOrder() {
        LineReorderer r = new LineReorderer(50 * MS, 100, 10_000);
        r.add("exec\t300\tb", 1000 * MS);
        r.add("argv\t200\ta", 1010 * MS);
        assertThat(drainDue(r, 1049 * MS)).isEmpty();
        assertThat(r.nanosUntilDue(1049 * MS)).isEqualTo(MS);
        assertThat(drainDue(r, 1050 * MS)).containsExactly("argv\t200\ta", "exec\t300\tb");
        assertThat(r.size()).isZero();
        assertThat(r.nanosUntilDue(1050 * MS)).isEqualTo(-1);
        assertThat(r.lateLines()).isZero();
    }

    @Test
    void equalTimestamps_keepArrivalOrder() {
        LineReorderer r = new LineReorderer(0, 100, 10_000);
        r.add("execve\t7\t1\t/bin/sh", 0);
        r.add("argv\t7\t1\t0\tsh", 0);
        r.add("argv\t7\t1\t1\t-c", 0);
        r.add("ret\t6\t1\t0", 0);
        assertThat(drainDue(r, 0)).containsExactly("ret\t6\t1\t0", "execve\t7\t1\t/bin/sh", "argv\t7\t1\t0\tsh",
                "argv\t7\t1\t1\t-c");
    }

    @Test
    void aLineIsHeldAtMostTheWindow_evenBehindALaterArrivalWithAnEarlierTimestamp() {
        LineReorderer r = new LineReorderer(50 * MS, 100, 10_000);
        r.add("x\t900\tlate-stamped, early arrival", 0);
        r.add("x\t100\tearly-stamped, later arrival", 40 * MS);
        // the first arrival is due at 50 ms: it goes, and the earlier-stamped line before it
        assertThat(drainDue(r, 50 * MS)).containsExactly("x\t100\tearly-stamped, later arrival",
                "x\t900\tlate-stamped, early arrival");
    }

    @Test
    void aLineArrivingAfterTheWindow_isReleasedLate_andCounted() {
        LineReorderer r = new LineReorderer(50 * MS, 100, 10_000);
        r.add("exec\t300\tb", 0);
        assertThat(drainDue(r, 50 * MS)).containsExactly("exec\t300\tb");
        r.add("argv\t200\ta", 120 * MS);
        assertThat(drainDue(r, 170 * MS)).containsExactly("argv\t200\ta");
        assertThat(r.lateLines()).isEqualTo(1);
    }

    @Test
    void overTheLineBound_theEarliestIsReleasedAtOnce() {
        LineReorderer r = new LineReorderer(50 * MS, 3, 10_000);
        for (int i = 4; i >= 1; i--) {
            r.add("x\t" + i, 0);
        }
        assertThat(r.overCapacity()).isTrue();
        assertThat(r.pollEarliest()).isEqualTo("x\t1");
        assertThat(r.overCapacity()).isFalse();
        assertThat(r.size()).isEqualTo(3);
    }

    @Test
    void overTheCharacterBound_theEarliestIsReleasedAtOnce() {
        LineReorderer r = new LineReorderer(50 * MS, 100, 20);
        r.add("x\t2\t" + "a".repeat(10), 0);
        assertThat(r.overCapacity()).isFalse();
        r.add("x\t1\t" + "b".repeat(10), 0);
        assertThat(r.overCapacity()).isTrue();
        assertThat(r.pollEarliest()).startsWith("x\t1\t");
        assertThat(r.overCapacity()).isFalse();
    }

    @Test
    void linesWithoutATimestamp_areDroppedAndCounted() {
        LineReorderer r = new LineReorderer(0, 100, 10_000);
        List<String> hostile = List.of("", "exec", "exec\t", "exec\t-5\t1", "exec\t12a\t1", "exec\t 5\t1",
                "exec\t" + "9".repeat(21) + "\t1", "exec\t18446744073709551616\t1", "exec\t+5\t1");
        for (String line : hostile) {
            assertThat(r.add(line, 0)).as(line).isFalse();
        }
        assertThat(r.malformedLines()).isEqualTo(hostile.size());
        assertThat(r.size()).isZero();
    }

    @Test
    void timestampsCompareUnsigned_asBpftracePrintsThem() {
        LineReorderer r = new LineReorderer(0, 100, 10_000);
        r.add("x\t18446744073709551615\tmax", 0);
        r.add("x\t9223372036854775808\tover signed max", 0);
        r.add("x\t1\tsmall", 0);
        assertThat(drainDue(r, 0)).containsExactly("x\t1\tsmall", "x\t9223372036854775808\tover signed max",
                "x\t18446744073709551615\tmax");
    }

    @Test
    void badBounds_areRefused() {
        assertThatThrownBy(() -> new LineReorderer(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window -1 ns");
        assertThatThrownBy(() -> new LineReorderer(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
