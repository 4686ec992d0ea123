package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.Test;

/** Telling sshj's failed negotiation from every other failure to connect. */
class AlgorithmsRefusedTest {
  private static final String ENDPOINT = "10.0.0.7:22";

  @Test
  void aFailedNegotiationNamesTheFamilyAndWhatTheServerOffers() {
    // Worded as sshj 0.40 words it (Proposal.firstMatch), and wrapped as connect() throws it.
    TransportException failure = new TransportException(new TransportException("Unable to reach a settlement of"
        + " Client2ServerCipherAlgorithms: [aes256-gcm@openssh.com, aes128-ctr] and [aes128-cbc, 3des-cbc]"));

    AlgorithmsRefusedException refused = AlgorithmsRefusedException.from(ENDPOINT, failure).orElseThrow();

    assertThat(refused.family()).isEqualTo("cipher");
    assertThat(refused).isNotInstanceOf(HostUnreachableException.class)
        .hasMessageStartingWith("the SSH server at 10.0.0.7:22 offers no cipher algorithm the operator accepts"
            + " (it offers aes128-cbc, 3des-cbc)");
  }

  @Test
  void eachFamilyHasAName() {
    assertThat(familyOf("KeyExchangeAlgorithms")).isEqualTo("key exchange");
    assertThat(familyOf("HostKeyAlgorithms")).isEqualTo("host key");
    assertThat(familyOf("Server2ClientMACAlgorithms")).isEqualTo("MAC");
  }

  @Test
  void aLongOfferIsCut() {
    String offer = "x".repeat(10_000);

    AlgorithmsRefusedException refused = AlgorithmsRefusedException.from(ENDPOINT,
        new TransportException("Unable to reach a settlement of HostKeyAlgorithms: [ssh-ed25519] and [" + offer + "]"))
        .orElseThrow();

    assertThat(refused.getMessage()).hasSizeLessThan(600).contains("x".repeat(300) + "...");
  }

  @Test
  void anyOtherFailureIsNotARefusal() {
    assertThat(AlgorithmsRefusedException.from(ENDPOINT, new IOException("Connection refused"))).isEmpty();
    assertThat(AlgorithmsRefusedException.from(ENDPOINT, new TransportException((String) null))).isEmpty();
  }

  private static String familyOf(String sshjName) {
    return AlgorithmsRefusedException.from(ENDPOINT,
        new TransportException("Unable to reach a settlement of " + sshjName + ": [a] and [b]")).orElseThrow().family();
  }
}
