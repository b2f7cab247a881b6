package dev.containersec.api;

/**
 * A process changed its credentials: user or group ids ({@link CredentialChangeEvent}) or capability
 * sets ({@link CapabilityChangeEvent}).
 */
public sealed interface PrivilegeChangeEvent extends RuntimeEvent
        permits CredentialChangeEvent, CapabilityChangeEvent {
}
