package io.ecslogon.operator.testing.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the kernel's EXECVE audit records back into argvs. The kernel writes an argument quoted
 * when it is printable ASCII without spaces or quotes, and as hex otherwise. An argument that does
 * not fit in what is left of a record comes as {@code aN_len=L} and parts {@code aN[0]},
 * {@code aN[1]}... (L counts characters for quoted parts, hex digits for hex ones), and one
 * execve's arguments may span several records of the same event. Other record types (SYSCALL,
 * PATH, PROCTITLE...) are skipped: the argv is all the scan needs.
 */
public final class ExecveRecords {
  /** With auditd's name_format, a record starts with {@code node=NAME}. */
  private static final Pattern RECORD =
      Pattern.compile("^(?:node=\\S+ )?type=EXECVE msg=audit\\(([0-9.]+:[0-9]+)\\): (.*)$");
  private static final Pattern FIELD = Pattern.compile("^a(\\d+)(?:\\[(\\d+)])?(_len)?=(.*)$");
  /** Events still waiting for a record: a few at most, unless records were lost. */
  private static final int PENDING_LIMIT = 1000;

  private final Consumer<Execution> complete;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  public ExecveRecords(Consumer<Execution> complete) {
    this.complete = complete;
  }

  public static List<Execution> parse(Iterable<String> lines) {
    List<Execution> executions = new ArrayList<>();
    ExecveRecords records = new ExecveRecords(executions::add);
    lines.forEach(records::accept);
    records.finish();
    return executions;
  }

  public void accept(String line) {
    // The ENRICHED log format appends the interpreted fields after a group separator.
    int enriched = line.indexOf('\u001d');
    Matcher record = RECORD.matcher(enriched < 0 ? line : line.substring(0, enriched));
    if (!record.matches()) {
      return;
    }
    String event = record.group(1);
    Pending execution = pending.computeIfAbsent(event, Pending::new);
    for (String field : record.group(2).split(" ")) {
      execution.add(field);
    }
    if (execution.isComplete()) {
      pending.remove(event);
      complete.accept(execution.toExecution());
    }
    while (pending.size() > PENDING_LIMIT) {
      Iterator<Pending> oldest = pending.values().iterator();
      complete.accept(oldest.next().toExecution());
      oldest.remove();
    }
  }

  /** What is left incomplete (records lost, or a log cut in the middle of an event) is still given, as far as it goes. */
  public void finish() {
    pending.values().forEach(execution -> complete.accept(execution.toExecution()));
    pending.clear();
  }

  /** One execve's arguments as its records arrive. */
  private static final class Pending {
    private final String event;
    private int argc = -1;
    /** Bytes, decoded as text only once whole: a hex part may end inside a character. */
    private final Map<Integer, ByteArrayOutputStream> arguments = new LinkedHashMap<>();
    /** For an argument in parts: the {@code aN_len} the kernel announced. */
    private final Map<Integer, Long> announcedLength = new LinkedHashMap<>();
    /** For an argument in parts: whether its parts are hex (then the length counts two digits a byte). */
    private final Map<Integer, Boolean> hexParts = new LinkedHashMap<>();

    Pending(String event) {
      this.event = event;
    }

    void add(String field) {
      if (field.startsWith("argc=")) {
        argc = Integer.parseInt(field.substring(5));
        return;
      }
      Matcher argument = FIELD.matcher(field);
      if (!argument.matches()) {
        return;
      }
      int index = Integer.parseInt(argument.group(1));
      String value = argument.group(4);
      if (argument.group(3) != null) {
        announcedLength.put(index, Long.parseLong(value));
        return;
      }
      boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
      if (argument.group(2) != null) {
        hexParts.putIfAbsent(index, !quoted);
      }
      arguments.computeIfAbsent(index, i -> new ByteArrayOutputStream()).writeBytes(decode(value, quoted));
    }

    boolean isComplete() {
      if (argc < 0 || arguments.size() < argc) {
        return false;
      }
      return announcedLength.entrySet().stream().allMatch(split -> {
        ByteArrayOutputStream argument = arguments.get(split.getKey());
        long counted = argument == null ? 0
            : argument.size() * (hexParts.getOrDefault(split.getKey(), true) ? 2L : 1L);
        return counted >= split.getValue();
      });
    }

    Execution toExecution() {
      List<String> argv = new ArrayList<>();
      for (int index = 0; index < Math.max(argc, arguments.size()); index++) {
        ByteArrayOutputStream argument = arguments.get(index);
        argv.add(argument == null ? "" : argument.toString(StandardCharsets.UTF_8));
      }
      return new Execution(event, List.copyOf(argv));
    }

    private static byte[] decode(String value, boolean quoted) {
      if (quoted) {
        return value.substring(1, value.length() - 1).getBytes(StandardCharsets.US_ASCII);
      }
      // Anything else than quotes or hex throws: a format this does not know must not read as "no secret".
      return HexFormat.of().parseHex(value);
    }
  }
}
