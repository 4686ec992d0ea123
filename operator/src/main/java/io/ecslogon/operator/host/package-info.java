/**
 * Everything that touches an instance over SSH: connecting (sshj), trusting host keys, running
 * commands safely (arguments quoted, secrets on stdin) and reusing one connection per instance.
 * No Kubernetes types live here, so this layer can be tested against a plain sshd.
 */
package io.ecslogon.operator.host;
