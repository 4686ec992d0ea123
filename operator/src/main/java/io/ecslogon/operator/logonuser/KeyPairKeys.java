package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.convergence.NotApplied;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.PreviousPublicKey;
import io.ecslogon.operator.keypair.material.InvalidPublicKeyException;
import io.ecslogon.operator.keypair.material.SshPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a KeyPair's status offers, each parsed again before it may reach an authorized_keys
 * file. Status is not proof: anyone allowed to patch KeyPair status could otherwise write a
 * newline and a second line with options ({@code command=...}) into every consumer's file.
 */
final class KeyPairKeys {
  private KeyPairKeys() {}

  /** The current key and, while rotation phases them out, the previous ones: canonical lines. */
  static List<String> of(KeyPair keyPair) {
    String name = keyPair.getMetadata().getName();
    List<String> keys = new ArrayList<>();
    keys.add(parsed(keyPair.getStatus().getPublicKey(), "KeyPair " + name + " status.publicKey"));
    if (keyPair.getStatus().getPreviousPublicKeys() != null) {
      for (PreviousPublicKey previous : keyPair.getStatus().getPreviousPublicKeys()) {
        keys.add(parsed(previous.getPublicKey(), "KeyPair " + name + " status.previousPublicKeys"));
      }
    }
    return keys;
  }

  private static String parsed(String line, String where) {
    try {
      return SshPublicKey.parse(line).canonical();
    } catch (InvalidPublicKeyException e) {
      throw new NotApplied("InvalidKeyPairKey", where + " refused, nothing was written: " + e.getMessage());
    }
  }
}
