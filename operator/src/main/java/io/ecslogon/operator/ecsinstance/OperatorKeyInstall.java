package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.host.ShellQuoting;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The script Cloud Assistant runs, as the admin user, to let the operator in: it adds the
 * operator's public key to the admin's authorized_keys (once; nothing else in the file changes) and
 * prints the fingerprints of the host's SSH keys, which the operator then pins, because the cloud
 * API vouches that they are this instance's. Only public data is in it: Cloud Assistant keeps
 * every command's text.
 */
final class OperatorKeyInstall {
  private static final Pattern FINGERPRINT_LINE =
      Pattern.compile("^[0-9]+ (SHA256:[A-Za-z0-9+/]{43}) .*\\((ED25519|ECDSA|RSA)\\)$", Pattern.MULTILINE);
  /** The host key the operator's SSH client negotiates first, when the host has it. */
  private static final List<String> PREFERENCE = List.of("ED25519", "ECDSA", "RSA");

  private OperatorKeyInstall() {}

  /** @param publicKeyLine the operator's own generated key: type, base64 and a fixed comment */
  static String script(String publicKeyLine) {
    String body = """
        mkdir -p "$home/.ssh"
        chmod 700 "$home/.ssh"
        f="$home/.ssh/authorized_keys"
        touch "$f"
        chmod 600 "$f"
        if ! grep -qxF "$key" "$f"; then
          # A last line without its newline would swallow the key into it.
          if [ -s "$f" ] && [ -n "$(tail -c 1 "$f")" ]; then echo >> "$f"; fi
          printf '%s\\n' "$key" >> "$f"
        fi
        for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -l -E sha256 -f "$f"; done
        """;
    return preamble(publicKeyLine) + body;
  }

  /**
   * The script that removes exactly {@code publicKeyLine} from the admin user's authorized_keys (a
   * key the operator made and has replaced), writing the file anew beside it and renaming it over.
   */
  static String removal(String publicKeyLine) {
    String body = """
        f="$home/.ssh/authorized_keys"
        [ -f "$f" ] || exit 0
        grep -qxF "$key" "$f" || exit 0
        t=$(mktemp "$home/.ssh/.authorized_keys.XXXXXX")
        trap 'rm -f "$t"' EXIT
        grep -vxF "$key" "$f" > "$t" || true
        chmod 600 "$t"
        mv -f "$t" "$f"
        trap - EXIT
        """;
    return preamble(publicKeyLine) + body;
  }

  /** Both scripts run as the admin user, on its home directory, with {@code key} the one key line they handle. */
  private static String preamble(String publicKeyLine) {
    return """
        set -eu
        umask 077
        key=%s
        home=$(getent passwd "$(id -un)" | cut -d: -f6)
        [ -n "$home" ] && [ -d "$home" ] || { echo "no home directory for $(id -un)" >&2; exit 3; }
        """.formatted(ShellQuoting.quote(publicKeyLine));
  }

  /** The fingerprint to pin from the script's output: ed25519 if the host has one, else ECDSA, else RSA. */
  static Optional<String> hostKey(String output) {
    Matcher lines = FINGERPRINT_LINE.matcher(output);
    String best = null;
    int bestRank = Integer.MAX_VALUE;
    while (lines.find()) {
      int rank = PREFERENCE.indexOf(lines.group(2));
      if (rank < bestRank) {
        best = lines.group(1);
        bestRank = rank;
      }
    }
    return Optional.ofNullable(best);
  }
}
