/**
 * Sigstore cosign-style image signatures and in-toto attestations: {@link dev.containersec.signature.Keys}
 * reads PEM keys, {@link dev.containersec.signature.ImageSigner} signs and attests,
 * {@link dev.containersec.signature.ImageVerifier} verifies and returns a
 * {@link dev.containersec.signature.VerificationResult} whose {@code toFacts()} feeds policies.
 */
package dev.containersec.signature;
