/** {@code containersec db}: import or download OSV advisories into the local vulnerability database and describe it. */
package dev.containersec.cli.db;
