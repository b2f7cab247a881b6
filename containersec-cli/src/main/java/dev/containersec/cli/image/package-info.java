/**
 * The {@code containersec image} commands: {@code inspect} and {@code ls}, with their renderers.
 */
package dev.containersec.cli.image;
