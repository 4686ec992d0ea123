package io.ecslogon.operator.keypair;

import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import io.ecslogon.operator.keypair.material.SshPublicKey;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.userauth.password.PasswordUtils;

/**
 * Reads which key an owned Secret really holds: its private key must open (with the passphrase,
 * if any) and carry the same public key as the Secret's ssh-publickey. Status is derived from
 * this, so it always describes the stored key, even when the reconcile saw a stale status. The
 * answer is remembered per Secret resourceVersion, so the bcrypt KDF of an encrypted key is paid
 * once per change, not on every resync.
 */
final class SecretKeyCheck {
  private final Map<String, Optional<SshPublicKey>> byResourceVersion = new ConcurrentHashMap<>();

  Optional<SshPublicKey> heldKey(Secret secret, char[] passphrase) {
    String version = secret.getMetadata().getUid() + "@" + secret.getMetadata().getResourceVersion();
    return byResourceVersion.computeIfAbsent(version, v -> read(secret, passphrase));
  }

  private static Optional<SshPublicKey> read(Secret secret, char[] passphrase) {
    Optional<String> publicLine = OwnedSecrets.publicKeyOf(secret);
    if (publicLine.isEmpty()) {
      return Optional.empty();
    }
    try {
      SshPublicKey declared = SshPublicKey.parse(publicLine.get());
      OpenSSHKeyV1KeyFile file = new OpenSSHKeyV1KeyFile();
      String pem = new String(Base64.getDecoder().decode(secret.getData().get(OwnedSecrets.PRIVATE_KEY)),
          StandardCharsets.UTF_8);
      file.init(pem, null, passphrase == null ? null : PasswordUtils.createOneOff(passphrase.clone()));
      file.getPrivate();
      byte[] stored = new Buffer.PlainBuffer().putPublicKey(file.getPublic()).getCompactData();
      return SshPublicKey.parse(declared.type().sshName() + " " + Base64.getEncoder().encodeToString(stored))
          .equals(declared) ? Optional.of(declared) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      // Deliberately without detail: the parser's message could quote key material.
      return Optional.empty();
    }
  }
}
