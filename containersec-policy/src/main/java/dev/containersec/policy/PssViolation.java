package dev.containersec.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a pod that a Pod Security Standards check forbids.
 *
 * <p>The wording is Pod Security Admission's: {@link #reason()} is the check's {@code ForbiddenReason} and
 * {@link #detail()} its {@code ForbiddenDetail} narrowed to this one field's setter, so {@link #message()}
 * reads, for example, {@code allowPrivilegeEscalation != false (container "app" must set
 * securityContext.allowPrivilegeEscalation=false)}. A generic policy result maps as {@code rule} =
 * {@link #checkId()}, {@code path} = {@link #path()}, {@code message} = {@link #message()},
 * {@code allowed} = false.
 *
 * @param checkId the PSA check ID, e.g. {@code runAsNonRoot} or {@code capabilities_restricted}
 * @param path the field's path in the manifest document, e.g.
 *     {@code spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation}; annotations are
 *     written {@code metadata.annotations[key]}
 * @param container the name of the container the field belongs to, when it belongs to one
 * @param reason PSA's short forbidden reason, e.g. {@code allowPrivilegeEscalation != false}
 * @param detail PSA's forbidden detail for this field
 * @see <a href="https://github.com/kubernetes/pod-security-admission/tree/master/policy">PSA checks</a>
 */
public record PssViolation(String checkId, String path, Optional<String> container, String reason, String detail) {

    /**
     * Validates the fields.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if the check ID, path or reason is empty
     */
    public PssViolation {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (checkId.isEmpty() || path.isEmpty() || reason.isEmpty()) {
            throw new IllegalArgumentException("checkId, path and reason must not be empty");
        }
    }

    /**
     * Returns {@code reason (detail)}, or the reason alone when there is no detail.
     *
     * @return the message in PSA's format
     */
    public String message() {
        return detail.isEmpty() ? reason : reason + " (" + detail + ")";
    }
}
