package dev.containersec.cli.image;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.containersec.api.Descriptor;
import dev.containersec.api.Digest;
import dev.containersec.api.Healthcheck;
import dev.containersec.api.HistoryEntry;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Platform;
import dev.containersec.cli.Json;
import dev.containersec.image.Image;
import dev.containersec.image.ImageManifest;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/** Writes {@code image inspect --format json}; the fields are documented on {@link ImageInspectCommand}. */
final class InspectJsonRenderer {
    private InspectJsonRenderer() {
    }

    static void render(Image image, Optional<OsRelease> os, Writer out) throws IOException {
        ImageManifest manifest = image.manifest();
        ImageConfig config = image.config();
        try (JsonGenerator g = Json.generator(out, true)) {
            g.writeStartObject();
            g.writeStringField("location", image.location().toString());
            Json.optional(g, "transport", image.location().transport().map(t -> t.prefix()));
            Json.optional(g, "manifestDigest", manifest.digest());
            g.writeStringField("manifestMediaType", manifest.mediaType());
            Json.stringMap(g, "manifestAnnotations", new java.util.TreeMap<>(manifest.annotations()));
            g.writeStringField("configDigest", manifest.config().digest().toString());
            g.writeStringField("configMediaType", manifest.config().mediaType());
            g.writeStringField("platform", config.platform().toString());
            Json.strings(g, "availablePlatforms", image.availablePlatforms().stream().map(Platform::toString).toList());
            writeOs(g, os);
            writeLayers(g, image.layers(), config.diffIds());
            writeConfig(g, config);
            g.writeEndObject();
        }
        out.write(System.lineSeparator());
    }

    private static void writeOs(JsonGenerator g, Optional<OsRelease> os) throws IOException {
        if (os.isEmpty()) {
            g.writeNullField("os");
            return;
        }
        OsRelease r = os.get();
        g.writeObjectFieldStart("os");
        g.writeStringField("id", r.id());
        g.writeStringField("versionId", r.versionId());
        g.writeStringField("versionCodename", r.versionCodename());
        g.writeStringField("prettyName", r.prettyName());
        Json.strings(g, "idLike", r.idLike());
        g.writeStringField("source", r.source());
        g.writeEndObject();
    }

    private static void writeLayers(JsonGenerator g, List<Descriptor> layers, List<Digest> diffIds) throws IOException {
        g.writeArrayFieldStart("layers");
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            g.writeStartObject();
            g.writeNumberField("index", i);
            g.writeStringField("digest", layer.digest().toString());
            g.writeStringField("mediaType", layer.mediaType());
            if (layer.size() >= 0) {
                g.writeNumberField("size", layer.size());
            } else {
                g.writeNullField("size");
            }
            Json.optional(g, "diffId", i < diffIds.size() ? Optional.of(diffIds.get(i)) : Optional.empty());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeConfig(JsonGenerator g, ImageConfig c) throws IOException {
        g.writeObjectFieldStart("config");
        Json.optional(g, "created", c.created());
        g.writeStringField("author", c.author());
        g.writeStringField("user", c.user());
        g.writeBooleanField("runsAsRoot", c.runsAsRoot());
        Json.strings(g, "env", c.env());
        Json.strings(g, "entrypoint", c.entrypoint());
        Json.strings(g, "cmd", c.cmd());
        g.writeStringField("workingDir", c.workingDir());
        Json.strings(g, "exposedPorts", c.exposedPorts());
        Json.strings(g, "volumes", c.volumes());
        Json.stringMap(g, "labels", c.labels());
        Json.optional(g, "stopSignal", c.stopSignal());
        writeHealthcheck(g, c.healthcheck());
        g.writeArrayFieldStart("history");
        for (HistoryEntry h : c.history()) {
            g.writeStartObject();
            Json.optional(g, "created", h.created());
            g.writeStringField("createdBy", h.createdBy());
            g.writeStringField("comment", h.comment());
            g.writeStringField("author", h.author());
            g.writeBooleanField("emptyLayer", h.emptyLayer());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeHealthcheck(JsonGenerator g, Optional<Healthcheck> healthcheck) throws IOException {
        if (healthcheck.isEmpty()) {
            g.writeNullField("healthcheck");
            return;
        }
        Healthcheck h = healthcheck.get();
        g.writeObjectFieldStart("healthcheck");
        Json.strings(g, "test", h.test());
        g.writeStringField("interval", h.interval().toString());
        g.writeStringField("timeout", h.timeout().toString());
        g.writeStringField("startPeriod", h.startPeriod().toString());
        g.writeNumberField("retries", h.retries());
        g.writeBooleanField("disabled", h.disabled());
        g.writeEndObject();
    }
}
