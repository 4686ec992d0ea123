/**
 * SSH key material in the formats OpenSSH reads and writes: generating key pairs, writing private
 * keys in the openssh-key-v1 format (optionally encrypted as ssh-keygen does: bcrypt KDF,
 * aes256-ctr), parsing and validating public key lines, and fingerprints. No Kubernetes here.
 */
package io.ecslogon.operator.keypair.material;
