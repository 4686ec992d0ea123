package io.ecslogon.operator.testing.leaks;

/** One text the scan searches: an Event, a status, the log, the metrics page, a file in a sandbox, the instances' argvs. */
public record Place(Kind kind, String name, String text) {
  /** For the scan's summary line: how many places of each kind it searched. */
  public enum Kind {
    LOG("log"), EVENT("Events"), STATUS("statuses"), METRICS("metrics page"), SANDBOX_FILE("sandbox files"),
    ARGV_TRACE("argv traces");

    private final String plural;

    Kind(String plural) {
      this.plural = plural;
    }

    @Override
    public String toString() {
      return plural;
    }
  }
}
