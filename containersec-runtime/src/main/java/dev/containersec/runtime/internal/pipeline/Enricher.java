package dev.containersec.runtime.internal.pipeline;

import dev.containersec.api.CapabilityChangeEvent;
import dev.containersec.api.ContainerInfo;
import dev.containersec.api.CredentialChangeEvent;
import dev.containersec.api.FileOpenEvent;
import dev.containersec.api.ModuleLoadEvent;
import dev.containersec.api.NetworkAcceptEvent;
import dev.containersec.api.NetworkConnectEvent;
import dev.containersec.api.NetworkListenEvent;
import dev.containersec.api.ProcessContext;
import dev.containersec.api.ProcessExecEvent;
import dev.containersec.api.ProcessExitEvent;
import dev.containersec.api.PtraceEvent;
import dev.containersec.api.RuntimeEvent;
import dev.containersec.runtime.ContainerResolverRegistry;
import dev.containersec.runtime.ProcessAncestryCache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes events before rules see them: the ancestry from a {@link ProcessAncestryCache}, and the
 * container's image from {@link ContainerResolverRegistry} (answers cached per container id in a bounded
 * LRU map; a container no resolver knew is asked again after {@link #NEGATIVE_TTL_NANOS}, since events
 * can arrive before a runtime has written its state). Confined to the pipeline's evaluating thread.
 */
public final class Enricher {

    private static final Logger LOG = LoggerFactory.getLogger(Enricher.class);
    static final long NEGATIVE_TTL_NANOS = 10_000_000_000L;
    static final int MAX_CONTAINERS = 4096;

    private final ProcessAncestryCache ancestry;
    private final ContainerResolverRegistry resolvers;
    private final LongSupplier clock;
    private final Map<String, Answer> containers = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > MAX_CONTAINERS;
        }
    };

    private record Answer(Optional<ContainerInfo> info, long askedAt) {
    }

    /**
     * @param ancestry the ancestry cache, or null for none
     * @param resolvers the container resolvers (may be empty)
     * @param clock nanosecond clock ({@code System::nanoTime})
     */
    public Enricher(ProcessAncestryCache ancestry, ContainerResolverRegistry resolvers, LongSupplier clock) {
        this.ancestry = ancestry;
        this.resolvers = resolvers;
        this.clock = clock;
    }

    /** Tells whether this enricher can change anything. */
    public boolean active() {
        return ancestry != null || !resolvers.isEmpty();
    }

    /** Returns the event with its process completed, or the event itself when nothing was added. */
    public RuntimeEvent enrich(RuntimeEvent event) {
        ProcessContext p = ancestry == null ? event.process() : ancestry.observe(event);
        if (p.inContainer() && p.container().isEmpty() && !resolvers.isEmpty()) {
            Optional<ContainerInfo> info = container(p.containerId());
            if (info.isPresent()) {
                ProcessContext.Builder b = p.toBuilder().container(info.get());
                if (p.containerImageRepository().isEmpty() && !info.get().imageRepository().isEmpty()) {
                    b.containerImageRepository(info.get().imageRepository());
                }
                p = b.build();
            }
        }
        return p == event.process() ? event : withProcess(event, p);
    }

    private Optional<ContainerInfo> container(String id) {
        Answer a = containers.get(id);
        long now = clock.getAsLong();
        if (a != null && (a.info().isPresent() || now - a.askedAt() < NEGATIVE_TTL_NANOS)) {
            return a.info();
        }
        Optional<ContainerInfo> info;
        try {
            info = resolvers.resolve(id);
        } catch (RuntimeException e) {
            // a resolver must not take the pipeline down: its contract says it never throws for a container
            LOG.warn("container resolver failed for {}: {}", id, e.toString());
            info = Optional.empty();
        }
        containers.put(id, new Answer(info, now));
        return info;
    }

    /** Returns the same event with another process context. */
    public static RuntimeEvent withProcess(RuntimeEvent e, ProcessContext p) {
        if (e instanceof ProcessExecEvent x) {
            return new ProcessExecEvent(x.timestamp(), p);
        } else if (e instanceof ProcessExitEvent x) {
            return new ProcessExitEvent(x.timestamp(), p, x.exitCode());
        } else if (e instanceof FileOpenEvent x) {
            return new FileOpenEvent(x.timestamp(), p, x.path(), x.flags(), x.mode());
        } else if (e instanceof NetworkConnectEvent x) {
            return new NetworkConnectEvent(x.timestamp(), p, x.protocol(), x.local(), x.remote());
        } else if (e instanceof NetworkAcceptEvent x) {
            return new NetworkAcceptEvent(x.timestamp(), p, x.protocol(), x.local(), x.remote());
        } else if (e instanceof NetworkListenEvent x) {
            return new NetworkListenEvent(x.timestamp(), p, x.protocol(), x.local(), x.backlog());
        } else if (e instanceof CredentialChangeEvent x) {
            return new CredentialChangeEvent(x.timestamp(), p, x.syscall(), x.real(), x.effective(), x.saved(),
                    x.success());
        } else if (e instanceof CapabilityChangeEvent x) {
            return new CapabilityChangeEvent(x.timestamp(), p, x.effective(), x.permitted(), x.inheritable());
        } else if (e instanceof ModuleLoadEvent x) {
            return new ModuleLoadEvent(x.timestamp(), p, x.moduleName(), x.path());
        } else if (e instanceof PtraceEvent x) {
            return new PtraceEvent(x.timestamp(), p, x.request(), x.targetPid());
        }
        throw new IllegalStateException("unknown event type " + e.getClass().getName());
    }
}
