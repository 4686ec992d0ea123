/**
 * KeyPair: SSH key pairs generated into Secrets the operator owns (or public keys imported),
 * rotated and expired on schedule. The key material itself is in {@code keypair.material}.
 */
package io.ecslogon.operator.keypair;
