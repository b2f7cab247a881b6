/**
 * The {@code containersec policy} commands: {@code check} runs built-in packs (Pod Security Standards,
 * Kubernetes and image hardening) and CEL policies over manifests and images, with waivers and modes.
 */
package dev.containersec.cli.policy;
