package dev.containersec.examples;

import dev.containersec.api.InvalidInputException;
import dev.containersec.policy.CelInput;
import dev.containersec.policy.CelPolicy;
import dev.containersec.policy.CelPolicyEngine;
import dev.containersec.policy.PolicyResult;
import dev.containersec.policy.PolicyViolation;
import java.nio.file.Path;
import java.util.List;

/**
 * Evaluates a ValidatingAdmissionPolicy file against Kubernetes manifests, offline, and prints one line per
 * document and one per violation.
 *
 * <pre>
 * java --module-path examples/target/classes:LIBS -m dev.containersec.examples/dev.containersec.examples.CheckPolicy \
 *     examples/policies/replica-limit.yaml examples/policies/deployments.yaml examples/policies/replica-limit-params.yaml
 * </pre>
 *
 * <p>Output: {@code module: NAME} (the module the policy engine was loaded in, {@code unnamed} on the class path),
 * then {@code allowed|denied INPUT KIND NAME} per document and {@code  - RULE: MESSAGE} per violation. Exit code 1
 * means some document was denied, 3 that a file could not be read or a policy is malformed.
 */
public final class CheckPolicy {
    private CheckPolicy() {
    }

    /**
     * Runs the example.
     *
     * @param args POLICY MANIFEST [PARAMS]
     */
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: CheckPolicy POLICY MANIFEST [PARAMS]");
            System.exit(2);
        }
        Module module = CelPolicyEngine.class.getModule();
        System.out.println("module: " + (module.isNamed() ? module.getName() : "unnamed"));
        try {
            CelPolicyEngine engine = CelPolicyEngine.create();
            List<CelPolicy> policies = engine.load(Path.of(args[0]));
            if (args.length == 3) {
                CelInput params = engine.loadParams(Path.of(args[2]));
                policies = policies.stream().map(p -> p.paramKind().isPresent() ? p.withParams(params) : p).toList();
            }
            boolean denied = false;
            for (PolicyResult result : engine.check(policies, engine.manifests(Path.of(args[1])))) {
                denied |= !result.allowed();
                System.out.println((result.allowed() ? "allowed " : "denied ") + result.input() + " " + result.kind()
                        + " " + result.name());
                for (PolicyViolation v : result.violations()) {
                    System.out.println(" - " + v.rule() + ": " + v.message());
                }
            }
            System.exit(denied ? 1 : 0);
        } catch (InvalidInputException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }
}
