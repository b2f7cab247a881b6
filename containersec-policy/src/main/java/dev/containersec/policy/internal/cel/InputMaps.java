package dev.containersec.policy.internal.cel;

import dev.containersec.api.Healthcheck;
import dev.containersec.api.HistoryEntry;
import dev.containersec.api.ImageConfig;
import dev.containersec.api.OsRelease;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Platform;
import dev.containersec.api.Sbom;
import dev.containersec.api.SbomSubject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map forms of containersec's non-Kubernetes inputs that policies see as {@code object}. Absent optional
 * values are {@code null}; times are RFC 3339 strings; digests are {@code algorithm:hex} strings.
 */
public final class InputMaps {

    private InputMaps() {
    }

    /**
     * Returns the map form of an image configuration: {@code name}, {@code platform} ({@code os},
     * {@code architecture}, {@code variant}), {@code created}, {@code author}, {@code user}, {@code runsAsRoot},
     * {@code env} (name to value), {@code entrypoint}, {@code cmd}, {@code workingDir}, {@code exposedPorts},
     * {@code volumes}, {@code labels}, {@code stopSignal}, {@code healthcheck} ({@code test},
     * {@code intervalSeconds}, {@code timeoutSeconds}, {@code startPeriodSeconds}, {@code retries},
     * {@code disabled}, or null), {@code history} ({@code created}, {@code createdBy}, {@code comment},
     * {@code author}, {@code emptyLayer}) and {@code diffIds}.
     *
     * @param name the image's name as the caller knows it
     * @param c the configuration
     * @return the map
     */
    public static Map<String, Object> image(String name, ImageConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("platform", platform(c.platform()));
        m.put("created", c.created().map(Object::toString).orElse(null));
        m.put("author", c.author());
        m.put("user", c.user());
        m.put("runsAsRoot", c.runsAsRoot());
        m.put("env", c.envMap());
        m.put("entrypoint", c.entrypoint());
        m.put("cmd", c.cmd());
        m.put("workingDir", c.workingDir());
        m.put("exposedPorts", List.copyOf(c.exposedPorts()));
        m.put("volumes", List.copyOf(c.volumes()));
        m.put("labels", c.labels());
        m.put("stopSignal", c.stopSignal().orElse(null));
        m.put("healthcheck", c.healthcheck().map(InputMaps::healthcheck).orElse(null));
        m.put("history", c.history().stream().map(InputMaps::history).toList());
        m.put("diffIds", c.diffIds().stream().map(Object::toString).toList());
        return m;
    }

    private static Map<String, Object> platform(Platform p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("os", p.os());
        m.put("architecture", p.architecture());
        m.put("variant", p.variant().orElse(null));
        return m;
    }

    private static Map<String, Object> healthcheck(Healthcheck h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test", h.test());
        m.put("intervalSeconds", h.interval().getSeconds());
        m.put("timeoutSeconds", h.timeout().getSeconds());
        m.put("startPeriodSeconds", h.startPeriod().getSeconds());
        m.put("retries", h.retries());
        m.put("disabled", h.disabled());
        return m;
    }

    private static Map<String, Object> history(HistoryEntry h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", h.created().map(Object::toString).orElse(null));
        m.put("createdBy", h.createdBy());
        m.put("comment", h.comment());
        m.put("author", h.author());
        m.put("emptyLayer", h.emptyLayer());
        return m;
    }

    /**
     * Returns the map form of an SBOM: {@code subject} ({@code name}, {@code manifestDigest},
     * {@code configDigest}, {@code platform}, {@code os} ({@code id}, {@code versionId}, {@code versionCodename},
     * {@code prettyName}, {@code idLike}) or null, {@code layers}), {@code packages} (each {@code name},
     * {@code version}, {@code type}, {@code purl}, {@code licenses}, {@code locations} ({@code path},
     * {@code layerIndex}, {@code layerDigest}), {@code foundBy}, {@code metadata}) and {@code skipped} (each
     * {@code where}, {@code path}, {@code reason}, {@code detail}).
     *
     * @param sbom the SBOM
     * @return the map
     */
    public static Map<String, Object> sbom(Sbom sbom) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject(sbom.subject()));
        m.put("packages", sbom.packages().stream().map(InputMaps::pkg).toList());
        m.put("skipped", sbom.skipped().stream().map(s -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("where", s.where());
            e.put("path", s.path());
            e.put("reason", s.reason().name());
            e.put("detail", s.detail());
            return e;
        }).toList());
        return m;
    }

    private static Map<String, Object> subject(SbomSubject s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("manifestDigest", s.manifestDigest().map(Object::toString).orElse(null));
        m.put("configDigest", s.configDigest().map(Object::toString).orElse(null));
        m.put("platform", s.platform().map(InputMaps::platform).orElse(null));
        m.put("os", s.os().map(InputMaps::os).orElse(null));
        m.put("layers", s.layers().stream().map(Object::toString).toList());
        return m;
    }

    private static Map<String, Object> os(OsRelease o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("versionId", o.versionId());
        m.put("versionCodename", o.versionCodename());
        m.put("prettyName", o.prettyName());
        m.put("idLike", o.idLike());
        return m;
    }

    private static Map<String, Object> pkg(Package p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("type", p.type());
        m.put("purl", p.purl().toString());
        m.put("licenses", p.licenses());
        m.put("locations", p.locations().stream().map(InputMaps::location).toList());
        m.put("foundBy", p.foundBy());
        m.put("metadata", p.metadata());
        return m;
    }

    private static Map<String, Object> location(PackageLocation l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", l.path());
        m.put("layerIndex", l.layerIndex());
        m.put("layerDigest", l.layerDigest().map(Object::toString).orElse(null));
        return m;
    }
}
