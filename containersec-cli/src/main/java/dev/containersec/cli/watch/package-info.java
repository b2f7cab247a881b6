/** {@code containersec watch}: runtime events from a source, evaluated against Falco-compatible rules. */
package dev.containersec.cli.watch;
