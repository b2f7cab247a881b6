package dev.containersec.runtime;

/**
 * Counters of an {@link EventPipeline}, exact at the moment they are read.
 *
 * @param events events the source delivered to the pipeline (evaluated or dropped)
 * @param evaluated events the rules were evaluated against
 * @param queueDrops events dropped because the queue between source and rules was full
 *     ({@link EventPipeline.OverflowPolicy#DROP} only)
 * @param sourceDrops events the source itself lost before delivering them (e.g. the kernel's buffers
 *     overflowed, as bpftrace reports), when the source can tell
 * @param malformedInputs input records the source skipped: malformed, over a bound, or not resolvable
 *     into an event (the runtime's own sources count these; 0 for other sources)
 * @param alerts alerts raised by rules and detectors (drop notices not included)
 */
public record PipelineStats(long events, long evaluated, long queueDrops, long sourceDrops, long malformedInputs,
                            long alerts) {

    /**
     * Returns every drop: {@link #queueDrops()} plus {@link #sourceDrops()}.
     *
     * @return the total number of events lost
     */
    public long drops() {
        return queueDrops + sourceDrops;
    }
}
