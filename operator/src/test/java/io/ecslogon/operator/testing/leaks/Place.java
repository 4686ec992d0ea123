package io.ecslogon.operator.testing.leaks;

/** One text the scan searches: an Event, a status, the log, the metrics page, a file in a sandbox. */
public record Place(String name, String text) {}
