package dev.containersec.runtime;

import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.CredentialSyscall;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ModuleLoadEvent;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.NetworkProtocol;
import dev.containersec.api.ProcessAncestor;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.PtraceEvent;
import dev.containersec.api.SocketEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hand-built events for rule tests. */
public final class Events {
    public static final Instant T = Instant.parse("2026-01-02T03:04:05.123456789Z");

    private Events() {
    }

    /** A shell in an nginx container, parent nginx, grandparent containerd-shim. */
    public static ProcessContext.Builder containerShell() {
        return ProcessContext.builder().pid(4242).ppid(4200).comm("bash").exe("/usr/bin/bash")
                .args("bash", "-i").uid(1000).gid(1000).euid(1000).cgroup("/kubepods/pod1/abc")
                .containerId("0123456789ab").containerImageRepository("docker.io/library/nginx")
                .cwd("/var/www").userName("www-data")
                .ancestry(List.of(new ProcessAncestor(4200, "nginx", "/usr/sbin/nginx"),
                        new ProcessAncestor(4100, "containerd-shim", "/usr/bin/containerd-shim-runc-v2")));
    }

    public static ProcessContext hostProcess(String comm) {
        return ProcessContext.builder().pid(100).ppid(1).comm(comm).exe("/usr/bin/" + comm).args(comm)
                .ancestry(List.of(new ProcessAncestor(1, "systemd", "/usr/lib/systemd/systemd"))).build();
    }

    public static ProcessExecEvent exec(ProcessContext p) {
        return new ProcessExecEvent(T, p);
    }

    public static FileOpenEvent open(ProcessContext p, String path, int flags) {
        return new FileOpenEvent(T, p, path, flags, 0);
    }

    public static NetworkConnectEvent connect(ProcessContext p, String remoteIp, int port) {
        return new NetworkConnectEvent(T, p, NetworkProtocol.TCP, endpoint("10.1.2.3", 40000),
                endpoint(remoteIp, port));
    }

    public static NetworkAcceptEvent accept(ProcessContext p, String clientIp, int localPort) {
        return new NetworkAcceptEvent(T, p, NetworkProtocol.TCP, endpoint("10.1.2.3", localPort),
                endpoint(clientIp, 51000));
    }

    public static NetworkListenEvent listen(ProcessContext p, int port) {
        return new NetworkListenEvent(T, p, NetworkProtocol.TCP, endpoint("0.0.0.0", port), 128);
    }

    public static CredentialChangeEvent setuid(ProcessContext p, long uid) {
        return new CredentialChangeEvent(T, p, CredentialSyscall.SETUID, CredentialChangeEvent.UNCHANGED, uid,
                CredentialChangeEvent.UNCHANGED, true);
    }

    public static CapabilityChangeEvent capset(ProcessContext p, long effective) {
        return new CapabilityChangeEvent(T, p, effective, effective, 0);
    }

    public static ModuleLoadEvent moduleLoad(ProcessContext p, String name) {
        return new ModuleLoadEvent(T, p, name, Optional.of("/tmp/" + name + ".ko"));
    }

    public static PtraceEvent ptrace(ProcessContext p, int target) {
        return new PtraceEvent(T, p, "PTRACE_ATTACH", target);
    }

    public static ProcessExitEvent exit(ProcessContext p, int code) {
        return new ProcessExitEvent(T, p, code);
    }

    public static SocketEndpoint endpoint(String ip, int port) {
        try {
            return new SocketEndpoint(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
