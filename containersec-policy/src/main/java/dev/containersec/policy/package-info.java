/**
 * The public API of the containersec policy module. Everything under {@code dev.containersec.policy.internal}
 * is an implementation detail and not exported.
 */
package dev.containersec.policy;
