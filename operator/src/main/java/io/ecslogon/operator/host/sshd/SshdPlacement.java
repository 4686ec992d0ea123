package io.ecslogon.operator.host.sshd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the operator's settings win. sshd keeps the first value it reads for a keyword, and reads
 * an {@code Include} at the place it appears, so a drop-in that sorts first in sshd_config.d wins
 * exactly when the main file includes that directory, outside any Match block, before any line of
 * its own that sets one of the same keywords. Otherwise the settings go into a marked block at the
 * top of the main file, before every other line and so never inside a Match block.
 *
 * @param includeLine 1-based line number of the Include that reads sshd_config.d (drop-in only)
 */
public record SshdPlacement(Kind kind, int includeLine, String why) {
  public enum Kind { DROP_IN, MAIN_FILE }

  static final Set<String> DROP_IN_GLOBS = Set.of(SshdPaths.DROP_IN_DIR + "/*.conf", "sshd_config.d/*.conf");

  public static SshdPlacement decide(String mainFile, SshdDirectives declared) {
    if (ManagedSshdFile.hasBlock(mainFile)) {
      return new SshdPlacement(Kind.MAIN_FILE, 0, "the main file already holds the operator's block");
    }
    List<String> conflicts = new ArrayList<>();
    int number = 0;
    for (String line : mainFile.split("\n", -1)) {
      number++;
      String[] words = words(line);
      if (words.length == 0) {
        continue;
      }
      String keyword = words[0].toLowerCase(Locale.ROOT);
      if (keyword.equals("match")) {
        return mainFile("the main file reaches a Match block at line " + number
            + " before it includes " + SshdPaths.DROP_IN_DIR);
      }
      if (keyword.equals("include") && includesDropIns(words)) {
        return conflicts.isEmpty()
            ? new SshdPlacement(Kind.DROP_IN, number, "the main file includes " + SshdPaths.DROP_IN_DIR
                + " at line " + number + " before any line setting the same keywords")
            : mainFile("the main file sets " + String.join(", ", conflicts) + " before it includes "
                + SshdPaths.DROP_IN_DIR);
      }
      String canonical = SshdDirectives.canonical(words[0]);
      if (canonical != null && declared.values().containsKey(canonical)) {
        conflicts.add(canonical + " (line " + number + ")");
      }
    }
    return mainFile("the main file does not include " + SshdPaths.DROP_IN_DIR);
  }

  private static SshdPlacement mainFile(String why) {
    return new SshdPlacement(Kind.MAIN_FILE, 0, why);
  }

  /** The words of a config line: keyword and arguments, separated by blanks or one '='. */
  static String[] words(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return new String[0];
    }
    return trimmed.replaceFirst("^(\\S+?)\\s*=\\s*", "$1 ").split("\\s+");
  }

  private static boolean includesDropIns(String[] words) {
    for (int i = 1; i < words.length; i++) {
      if (DROP_IN_GLOBS.contains(words[i].replace("\"", ""))) {
        return true;
      }
    }
    return false;
  }

  public String targetPath() {
    return kind == Kind.DROP_IN ? SshdPaths.DROP_IN : SshdPaths.MAIN;
  }
}
