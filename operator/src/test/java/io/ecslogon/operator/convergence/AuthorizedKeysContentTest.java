package io.ecslogon.operator.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizedKeysContentTest {
  private static final String OWNER = "default/deploy";
  private static final String BEGIN = AuthorizedKeysContent.begin(OWNER);
  private static final String END = AuthorizedKeysContent.end(OWNER);

  @Test
  void mergeAppendsTheBlockAndKeepsEveryOtherLine() {
    String merged = AuthorizedKeysContent.merge("# mine\nssh-ed25519 AAAA hand\n\n", OWNER, List.of("ssh-ed25519 KEY1"));
    assertThat(merged).isEqualTo("# mine\nssh-ed25519 AAAA hand\n" + BEGIN + "\nssh-ed25519 KEY1\n" + END + "\n");
  }

  @Test
  void mergeReplacesTheBlockWhereItStands() {
    String current = "first\n" + BEGIN + "\nold\n" + END + "\nlast\n";
    assertThat(AuthorizedKeysContent.merge(current, OWNER, List.of("new")))
        .isEqualTo("first\n" + BEGIN + "\nnew\n" + END + "\nlast\n");
  }

  @Test
  void mergeIsStableOnItsOwnOutput() {
    String once = AuthorizedKeysContent.merge("x\n", OWNER, List.of("k1", "k2"));
    assertThat(AuthorizedKeysContent.merge(once, OWNER, List.of("k1", "k2"))).isEqualTo(once);
  }

  @Test
  void otherOwnersBlocksAreLeftAlone() {
    String other = AuthorizedKeysContent.begin("default/other") + "\nk9\n" + AuthorizedKeysContent.end("default/other") + "\n";
    assertThat(AuthorizedKeysContent.merge(other, OWNER, List.of("k1"))).startsWith(other);
  }

  @Test
  void exclusiveHoldsOnlyTheBlockAndRemovalLeavesTheRest() {
    assertThat(AuthorizedKeysContent.exclusive(OWNER, List.of("k1"))).isEqualTo(BEGIN + "\nk1\n" + END + "\n");
    String current = "hand\n" + BEGIN + "\nk1\n" + END + "\n";
    assertThat(AuthorizedKeysContent.withoutBlock(current, OWNER)).isEqualTo("hand\n");
    assertThat(AuthorizedKeysContent.foreignKeys(current, OWNER)).containsExactly("hand");
  }

  @Test
  void withNoOwnerAFakedBlockHidesNothing() {
    String faked = AuthorizedKeysContent.begin("null") + "\nssh-ed25519 AAAAhidden mallory\n"
        + AuthorizedKeysContent.end("null") + "\n";

    assertThat(AuthorizedKeysContent.foreignLines(faked, null)).contains("ssh-ed25519 AAAAhidden mallory");
    assertThat(AuthorizedKeysContent.withoutForeignLines(faked, null, line -> line.startsWith("ssh-")))
        .doesNotContain("AAAAhidden");
    // With an owner, its own block is kept whole and everything else byte for byte.
    String owned = "# mine\nssh-rsa AAAAx a\n" + AuthorizedKeysContent.begin("ns/u") + "\nssh-ed25519 AAAAkept\n"
        + AuthorizedKeysContent.end("ns/u") + "\n";
    assertThat(AuthorizedKeysContent.withoutForeignLines(owned, "ns/u", line -> line.startsWith("ssh-")))
        .isEqualTo("# mine\n" + AuthorizedKeysContent.begin("ns/u") + "\nssh-ed25519 AAAAkept\n"
            + AuthorizedKeysContent.end("ns/u") + "\n");
  }
}
