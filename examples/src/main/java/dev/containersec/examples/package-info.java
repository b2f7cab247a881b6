/** Example programs that embed the containersec image API. */
package dev.containersec.examples;
