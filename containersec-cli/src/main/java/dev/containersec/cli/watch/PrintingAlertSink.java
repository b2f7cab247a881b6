package dev.containersec.cli.watch;

import dev.containersec.api.Alert;
import dev.containersec.api.AlertSink;
import dev.containersec.cli.OutputFormat;
import java.io.PrintWriter;

/**
 * The {@link AlertSink} {@code watch} publishes every alert to, from rules and from the detectors alike:
 * Falco's text line ({@code table}) or Falco's JSON alert ({@code json}), one per line, flushed at once.
 */
final class PrintingAlertSink implements AlertSink {
    private final PrintWriter out;
    private final OutputFormat format;

    PrintingAlertSink(PrintWriter out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    @Override
    public String id() {
        return "stdout";
    }

    @Override
    public void publish(Alert alert) {
        out.println(format == OutputFormat.JSON ? FalcoAlertJson.write(alert) : alert.output());
        out.flush();
    }

    @Override
    public void flush() {
        out.flush();
    }
}
