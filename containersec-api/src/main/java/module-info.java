/**
 * The containersec API: immutable value types shared by every module (image references, digests,
 * platforms, image configuration, merged-filesystem entries, scan limits), the service provider
 * interfaces, and the unchecked exception root {@link dev.containersec.api.ContainerSecException}.
 *
 * <p>This module has no run-time dependencies; every other containersec module requires it.
 */
module dev.containersec.api {
    exports dev.containersec.api;
}
