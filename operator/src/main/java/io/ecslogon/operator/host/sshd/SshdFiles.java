package io.ecslogon.operator.host.sshd;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * sshd's main file and the operator's drop-in (null when there is none), byte for byte as the
 * instance has them, and whether a change the operator wrote may not be loaded by sshd yet
 * ({@link SshdPaths#RELOAD_PENDING}). Read with the facts, so that a visit where sshd is already as
 * declared runs no command of its own.
 */
public record SshdFiles(String main, String dropIn, boolean reloadPending) {
  private static final String PENDING_LINE = "reload-pending";

  /**
   * A fragment of the facts script: prints "main BASE64" and, when the drop-in exists,
   * "drop-in BASE64" (base64 keeps the exact bytes and lets no file forge a line), and
   * "reload-pending" when a change may not be loaded yet.
   */
  public static final String READ_SCRIPT = "if [ -f " + SshdPaths.MAIN + " ]; then printf 'main '; base64 -w0 "
      + SshdPaths.MAIN + "; echo; fi\nif [ -e " + SshdPaths.DROP_IN + " ]; then printf 'drop-in '; base64 -w0 "
      + SshdPaths.DROP_IN + "; echo; fi\nif [ -e " + SshdPaths.RELOAD_PENDING + " ]; then echo " + PENDING_LINE
      + "; fi\n";

  /** What {@link #READ_SCRIPT} printed; empty when the main file could not be read. */
  public static Optional<SshdFiles> parse(String printed) {
    String main = null;
    String dropIn = null;
    boolean reloadPending = false;
    for (String line : printed.split("\n")) {
      if (line.startsWith("main ")) {
        main = decoded(line.substring(5));
      } else if (line.startsWith("drop-in ")) {
        dropIn = decoded(line.substring(8));
      } else if (line.equals(PENDING_LINE)) {
        reloadPending = true;
      }
    }
    return main == null ? Optional.empty() : Optional.of(new SshdFiles(main, dropIn, reloadPending));
  }

  private static String decoded(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
