/** {@code containersec db}: import OSV advisories into the local vulnerability database and describe it. */
package dev.containersec.cli.db;
