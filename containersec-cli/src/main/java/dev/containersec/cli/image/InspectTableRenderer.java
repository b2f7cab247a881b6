package dev.containersec.cli.image;

import dev.containersec.api.Descriptor;
import dev.containersec.api.Healthcheck;
import dev.containersec.api.HistoryEntry;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Platform;
import dev.containersec.cli.Text;
import dev.containersec.image.Image;
import dev.containersec.image.ImageManifest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes {@code image inspect} for people: labelled lines, then the layers and history as tables. */
final class InspectTableRenderer {
    private static final int LABEL_WIDTH = 20;

    private InspectTableRenderer() {
    }

    static void render(Image image, Optional<OsRelease> os, PrintWriter out) {
        ImageManifest manifest = image.manifest();
        ImageConfig c = image.config();
        line(out, "Location", image.location().toString());
        line(out, "Transport", image.location().transport().map(t -> t.prefix()).orElse("?"));
        line(out, "Manifest digest", manifest.digest().map(Object::toString).orElse("(none: docker-archive)"));
        line(out, "Manifest type", manifest.mediaType());
        line(out, "Config digest", manifest.config().digest().toString());
        line(out, "Platform", c.platform().toString());
        line(out, "Platforms", image.availablePlatforms().stream().map(Platform::toString)
                .collect(Collectors.joining(", ")));
        line(out, "OS", os.map(InspectTableRenderer::describe).orElse("(unknown: no release file)"));
        line(out, "Created", c.created().map(Instant::toString).orElse(""));
        line(out, "Author", c.author());
        line(out, "User", c.user().isEmpty() ? "(root by default)" : c.user() + (c.runsAsRoot() ? " (root)" : ""));
        line(out, "Entrypoint", argv(c.entrypoint()));
        line(out, "Cmd", argv(c.cmd()));
        line(out, "Working dir", c.workingDir());
        lines(out, "Env", c.env());
        line(out, "Exposed ports", String.join(", ", c.exposedPorts()));
        lines(out, "Volumes", c.volumes());
        lines(out, "Labels", c.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        line(out, "Stop signal", c.stopSignal().orElse(""));
        line(out, "Healthcheck", c.healthcheck().map(InspectTableRenderer::describe).orElse(""));
        lines(out, "Annotations", manifest.annotations().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList());

        List<Descriptor> layers = image.layers();
        out.println();
        out.println("Layers (" + layers.size() + "):");
        out.printf("  %-5s %-71s %10s  %s%n", "INDEX", "DIGEST", "SIZE", "MEDIA TYPE");
        for (int i = 0; i < layers.size(); i++) {
            Descriptor d = layers.get(i);
            out.printf("  %-5d %-71s %10s  %s%n", i, d.digest(), Text.bytes(d.size()), Text.printable(d.mediaType()));
        }
        if (!c.history().isEmpty()) {
            out.println();
            out.println("History (" + c.history().size() + "):");
            for (HistoryEntry h : c.history()) {
                out.printf("  %-24s %s%s%n", h.created().map(Instant::toString).orElse("-"),
                        Text.printable(h.createdBy()), h.emptyLayer() ? "  (no layer)" : "");
            }
        }
    }

    private static String describe(OsRelease os) {
        String name = os.prettyName().isEmpty() ? os.shortName() : os.prettyName();
        return name + " (id " + os.id() + (os.versionId().isEmpty() ? "" : ", version " + os.versionId())
                + ", from " + os.source() + ")";
    }

    private static String describe(Healthcheck h) {
        if (h.disabled()) {
            return "disabled";
        }
        return argv(h.test()) + " every " + h.interval() + ", timeout " + h.timeout() + ", retries " + h.retries();
    }

    private static String argv(List<String> args) {
        if (args.isEmpty()) {
            return "";
        }
        return args.stream().map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static void line(PrintWriter out, String label, String value) {
        out.println(pad(label + ":") + Text.printable(value));
    }

    private static void lines(PrintWriter out, String label, Collection<String> values) {
        if (values.isEmpty()) {
            line(out, label, "");
            return;
        }
        String first = pad(label + ":");
        String rest = " ".repeat(first.length());
        boolean isFirst = true;
        for (String v : values) {
            out.println((isFirst ? first : rest) + Text.printable(v));
            isFirst = false;
        }
    }

    private static String pad(String label) {
        return label.length() >= LABEL_WIDTH ? label + " " : label + " ".repeat(LABEL_WIDTH - label.length());
    }
}
