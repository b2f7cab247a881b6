/**
 * The public API of the containersec image module. Everything under {@code dev.containersec.image.internal}
 * is an implementation detail and not exported.
 */
package dev.containersec.image;
