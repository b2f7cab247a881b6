package dev.containersec.policy.cel;

import dev.containersec.policy.CelPolicyEngine;

/** One engine for all CEL tests: building the CEL environment is the slow part. */
final class Engines {
    static final CelPolicyEngine DEFAULT = CelPolicyEngine.create();

    private Engines() {
    }
}
