package io.ecslogon.operator.host.sshd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text the operator owns: the whole drop-in, or a marked block at the top of the main file.
 * Parsing reads back only the keywords the operator manages, so a line added by hand inside the
 * operator's file is dropped on the next write rather than trusted.
 */
public final class ManagedSshdFile {
  static final String BEGIN = "# BEGIN ecs-logon-operator";
  static final String END = "# END ecs-logon-operator";
  private static final String DROP_IN_HEADER = """
      # Managed by ecs-logon-operator from EcsInstance spec.sshd: edits here are overwritten.
      # This file sorts first in sshd_config.d, and sshd keeps the first value it reads.
      """;

  private ManagedSshdFile() {}

  public static String dropIn(SshdDirectives directives) {
    return DROP_IN_HEADER + lines(directives);
  }

  /** {@code mainFile} with the operator's block (replaced if present) as its first lines. */
  public static String mainFileWithBlock(String mainFile, SshdDirectives directives) {
    String block = BEGIN + " (EcsInstance spec.sshd; edits inside are overwritten, first value wins)\n"
        + lines(directives) + END + "\n";
    return block + Split.of(mainFile).rest();
  }

  static boolean hasBlock(String mainFile) {
    return mainFile.lines().anyMatch(line -> line.startsWith(BEGIN));
  }

  /**
   * Why the main file's marker lines do not form exactly one block (one BEGIN, then one END), if
   * they do not. Replacing a block whose END is missing would drop every line after its BEGIN
   * (Include, Match, Subsystem, UsePAM) and could still pass sshd -t and the fresh login, so a
   * malformed block is refused and left to a person.
   */
  public static Optional<String> blockProblem(String mainFile) {
    List<Integer> begins = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    int number = 0;
    for (String line : mainFile.split("\n", -1)) {
      number++;
      if (line.startsWith(BEGIN)) {
        begins.add(number);
      } else if (line.startsWith(END)) {
        ends.add(number);
      }
    }
    if (begins.isEmpty() && ends.isEmpty()) {
      return Optional.empty();
    }
    if (begins.size() == 1 && ends.size() == 1 && begins.get(0) < ends.get(0)) {
      return Optional.empty();
    }
    return Optional.of(SshdPaths.MAIN + " has '" + BEGIN + "' at line(s) " + begins + " and '" + END
        + "' at line(s) " + ends + ", not one BEGIN followed by one END; the operator will not guess where its block"
        + " ends: fix or remove the marker lines by hand");
  }

  /** The directives in the operator's drop-in or block; none when there is neither. */
  public static SshdDirectives read(String text, SshdPlacement.Kind kind) {
    if (text == null) {
      return SshdDirectives.none();
    }
    String owned = kind == SshdPlacement.Kind.DROP_IN ? text : Split.of(text).owned();
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : owned.split("\n")) {
      String[] words = SshdPlacement.words(line);
      if (words.length == 2 && SshdDirectives.isManaged(words[0])) {
        values.putIfAbsent(SshdDirectives.canonical(words[0]), words[1]);
      }
    }
    try {
      return new SshdDirectives(values);
    } catch (IllegalArgumentException e) {
      // A value edited by hand into something the operator would never write: treat the file as
      // holding nothing, so the declared values are written again.
      return SshdDirectives.none();
    }
  }

  private static String lines(SshdDirectives directives) {
    StringBuilder text = new StringBuilder();
    directives.values().forEach((keyword, value) -> text.append(keyword).append(' ').append(value).append('\n'));
    return text.toString();
  }

  /** The operator's block (without its markers) and the rest of the main file, in one pass. */
  private record Split(String owned, String rest) {
    static Split of(String mainFile) {
      StringBuilder owned = new StringBuilder();
      StringBuilder rest = new StringBuilder();
      boolean inside = false;
      for (String line : mainFile.split("(?<=\n)")) {
        if (line.startsWith(BEGIN)) {
          inside = true;
        } else if (inside && line.startsWith(END)) {
          inside = false;
        } else {
          (inside ? owned : rest).append(line);
        }
      }
      return new Split(owned.toString(), rest.toString());
    }
  }
}
