package io.ecslogon.operator.convergence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The content of an authorized_keys file the operator wants, given what is there now. The
 * operator's keys live in one marked block per LogonUser; under Merge every other line stays as it
 * is, under Exclusive the file holds the block alone. Pure text in, text out.
 */
public final class AuthorizedKeysContent {
  private AuthorizedKeysContent() {}

  public static String begin(String owner) {
    return "# BEGIN ecs-logon-operator keys of LogonUser " + owner + " (edits inside this block are replaced)";
  }

  public static String end(String owner) {
    return "# END ecs-logon-operator keys of LogonUser " + owner;
  }

  /** Merge: the block replaced where it stands (or appended), every other line untouched. */
  public static String merge(String current, String owner, List<String> keyLines) {
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    boolean placed = false;
    for (String line : current.split("\n", -1)) {
      if (!inside && line.equals(begin(owner))) {
        inside = true;
        lines.addAll(block(owner, keyLines));
        placed = true;
      } else if (inside && line.equals(end(owner))) {
        inside = false;
      } else if (!inside) {
        lines.add(line);
      }
    }
    trimTrailingBlankLines(lines);
    if (!placed) {
      lines.addAll(block(owner, keyLines));
    }
    return join(lines);
  }

  /** Exclusive: exactly the declared keys, in the operator's block. */
  public static String exclusive(String owner, List<String> keyLines) {
    return join(block(owner, keyLines));
  }

  /** The file without this owner's block: what deletion with RemoveKeys leaves behind. */
  public static String withoutBlock(String current, String owner) {
    return join(outsideBlock(current, owner));
  }

  /** Key lines that someone else put in the file (outside the operator's block). */
  public static List<String> foreignKeys(String current, String owner) {
    return outsideBlock(current, owner).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /**
   * The file with the lines outside this owner's block that {@code drop} picks removed, every other
   * byte kept (Enforce removing keys nobody recognises). With no owner, no line is a block: a file
   * can never hide lines from the caller by faking one.
   */
  public static String withoutForeignLines(String current, String owner, Predicate<String> drop) {
    StringBuilder kept = new StringBuilder();
    boolean inside = false;
    String[] lines = current.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (owner != null && !inside && line.equals(begin(owner))) {
        inside = true;
      } else if (inside && line.equals(end(owner))) {
        inside = false;
      } else if (!inside && drop.test(line)) {
        continue;
      }
      kept.append(line);
      if (i < lines.length - 1) {
        kept.append('\n');
      }
    }
    return kept.toString();
  }

  /** Like {@link #foreignKeys}, but with no owner every line is foreign (see {@link #withoutForeignLines}). */
  public static List<String> foreignLines(String current, String owner) {
    return owner == null ? List.of(current.split("\n")) : foreignKeys(current, owner);
  }

  private static List<String> outsideBlock(String current, String owner) {
    List<String> kept = new ArrayList<>();
    boolean inside = false;
    for (String line : current.split("\n", -1)) {
      if (line.equals(begin(owner))) {
        inside = true;
      } else if (inside && line.equals(end(owner))) {
        inside = false;
      } else if (!inside) {
        kept.add(line);
      }
    }
    trimTrailingBlankLines(kept);
    return kept;
  }

  private static void trimTrailingBlankLines(List<String> lines) {
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
  }

  private static List<String> block(String owner, List<String> keyLines) {
    List<String> lines = new ArrayList<>();
    lines.add(begin(owner));
    lines.addAll(keyLines);
    lines.add(end(owner));
    return lines;
  }

  private static String join(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }
}
