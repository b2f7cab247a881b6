/**
 * Example programs that embed containersec as an application would, on the module path. The image
 * module brings the API module with it ({@code requires transitive}); the policy module carries CEL-Java
 * shaded inside it.
 */
module dev.containersec.examples {
    requires dev.containersec.image;
    requires dev.containersec.policy;
    requires dev.containersec.signature;
}
