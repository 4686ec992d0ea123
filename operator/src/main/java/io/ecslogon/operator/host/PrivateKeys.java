package io.ecslogon.operator.host;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import net.schmizz.sshj.common.Factory;

/** What can be learnt from a private key without logging on: its public half. */
public final class PrivateKeys {
  private static final DefaultConfig CONFIG = new DefaultConfig();

  private PrivateKeys() {}

  /**
   * The public key of {@code key} as "type base64" (the canonical form of an authorized_keys
   * line), read the way sshj reads it to log on (OpenSSH or PEM, with its passphrase). Empty when
   * it cannot be read; the parser's message is dropped, since it could quote the key.
   */
  public static Optional<String> publicKey(Credentials.PrivateKey key) {
    try {
      String text = new String(key.privateKey());
      KeyFormat format = KeyProviderUtil.detectKeyFileFormat(text, false);
      FileKeyProvider provider = Factory.Named.Util.create(CONFIG.getFileKeyProviderFactories(), format.toString());
      if (provider == null) {
        return Optional.empty();
      }
      provider.init(text, null, key.passphrase() == null ? null : PasswordUtils.createOneOff(key.passphrase().clone()));
      PublicKey publicKey = provider.getPublic();
      byte[] blob = new Buffer.PlainBuffer().putPublicKey(publicKey).getCompactData();
      return Optional.of(KeyType.fromKey(publicKey) + " " + Base64.getEncoder().encodeToString(blob));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
