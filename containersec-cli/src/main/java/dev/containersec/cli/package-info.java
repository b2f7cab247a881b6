/** The containersec command line. */
package dev.containersec.cli;
