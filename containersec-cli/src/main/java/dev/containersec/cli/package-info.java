/**
 * The containersec command line: {@link dev.containersec.cli.Main} (entry point and the mapping from
 * outcomes to exit codes), the root command with the global options, and what every command shares
 * (output formats, progress on stderr, warnings, text sanitising). Command groups live in
 * sub-packages, one class per command, e.g. {@code dev.containersec.cli.image}.
 */
package dev.containersec.cli;
