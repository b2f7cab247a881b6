/**
 * The public API of the containersec runtime module. Everything under {@code dev.containersec.runtime.internal}
 * is an implementation detail and not exported.
 */
package dev.containersec.runtime;
