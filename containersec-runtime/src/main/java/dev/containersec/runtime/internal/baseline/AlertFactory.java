package dev.containersec.runtime.internal.baseline;

import dev.containersec.api.Alert;
import dev.containersec.api.Priority;
import dev.containersec.api.RuntimeEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds Falco-shaped alerts for the detectors that are not rules (baselines, drift, egress). */
public final class AlertFactory {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS")
            .withZone(ZoneOffset.UTC);

    private AlertFactory() {
    }

    /**
     * An alert whose output is {@code <time>: <Priority> <text> (k=v ...)}, with the process fields added.
     */
    public static Alert alert(RuntimeEvent event, String rule, Priority priority, String text,
                              Map<String, ?> fields, List<String> tags, String hostname) {
        Map<String, Optional<Object>> out = new TreeMap<>();
        Map<String, Object> all = new LinkedHashMap<>(fields);
        all.put("proc.name", event.process().comm());
        all.put("proc.exepath", event.process().exe());
        all.put("container.id", event.process().containerId());
        event.process().containerImageRepository().ifPresent(r -> all.put("container.image.repository", r));
        StringBuilder sb = new StringBuilder();
        sb.append(TIME.format(event.timestamp())).append(": ").append(priority.falcoName()).append(' ').append(text);
        for (Map.Entry<String, Object> e : all.entrySet()) {
            out.put(e.getKey(), Optional.of(e.getValue()));
            sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        return new Alert(event.timestamp(), rule, priority, sb.toString(), out, tags, "syscall", hostname);
    }


    /** Joins up to {@code max} values and says how many more there are. */
    public static String shortList(java.util.Collection<String> values, int max) {
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        for (String v : values) {
            if (i == max) {
                sb.append(", +").append(values.size() - max).append(" more");
                break;
            }
            if (i++ > 0) {
                sb.append(", ");
            }
            sb.append(v);
        }
        return sb.append(']').toString();
    }
}
