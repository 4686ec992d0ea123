package io.ecslogon.operator.host;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The TCP ports instances may listen on: single ports and inclusive ranges, such as {@code 22,2200-2299}. */
record AllowedPorts(List<Range> ranges) {
  private static final Pattern ENTRY = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?");

  record Range(int first, int last) {
    @Override
    public String toString() {
      return first == last ? Integer.toString(first) : first + "-" + last;
    }
  }

  AllowedPorts {
    ranges = List.copyOf(ranges);
  }

  static AllowedPorts all() {
    return new AllowedPorts(List.of(new Range(1, 65535)));
  }

  /** Comma-separated ports and ranges; an {@link IllegalArgumentException} names the first bad entry. */
  static AllowedPorts parse(String list) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : list.split(",")) {
      String text = entry.strip();
      if (text.isEmpty()) {
        continue;
      }
      Matcher parts = ENTRY.matcher(text);
      int first = parts.matches() ? Integer.parseInt(parts.group(1)) : -1;
      int last = parts.matches() && parts.group(2) != null ? Integer.parseInt(parts.group(2)) : first;
      if (first < 1 || last > 65535 || last < first) {
        throw new IllegalArgumentException("'" + text + "' is not a port (1-65535) or a range of ports (2200-2299)");
      }
      ranges.add(new Range(first, last));
    }
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("no port given");
    }
    return new AllowedPorts(ranges);
  }

  boolean allows(int port) {
    return ranges.stream().anyMatch(range -> port >= range.first() && port <= range.last());
  }

  boolean allowsAll() {
    return ranges.stream().anyMatch(range -> range.first() == 1 && range.last() == 65535);
  }

  @Override
  public String toString() {
    return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
  }
}
