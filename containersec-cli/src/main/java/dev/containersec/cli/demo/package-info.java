/** {@code containersec demo}: assemble a small image from real artifacts and scan it, offline. */
package dev.containersec.cli.demo;
