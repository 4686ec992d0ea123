package io.ecslogon.operator.reliability;

import io.ecslogon.operator.testing.sandbox.ExecResult;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the invariants read from an instance's files, in one command inside it: sshd -t, each
 * rollback copy checked where it would go back, visudo -c and /etc/passwd. One command rather than
 * one each, because a check runs after every run on every instance and each command costs a
 * process start in the sandbox; with 50 runs in CI that was about a minute.
 */
record InstanceFiles(Check sshd, Map<String, Check> rollbackCopies, Check sudoers, List<String[]> passwd) {
  /** The output (stdout and stderr) and exit status of one check. */
  record Check(String output, int exitCode) {
    boolean passed() {
      return exitCode == 0;
    }
  }

  private static final String SECTION = "@@ecslogon-check ";

  // Each section: its name, the check's output, then its exit status. A drop-in copy is checked
  // where it would go back: a main file that includes only it. The copies' paths are arguments.
  private static final String SCRIPT = ""
      + "section() { printf '\\n" + SECTION + "%s\\n' \"$1\"; }\n"
      + "status() { printf '\\n" + SECTION + "exit %s\\n' \"$1\"; }\n"
      + "section sshd; /usr/sbin/sshd -t 2>&1; status $?\n"
      + "for copy in \"$@\"; do\n"
      + "  [ -e \"$copy\" ] || continue\n"
      + "  section \"copy $copy\"\n"
      + "  case $copy in\n"
      + "    /etc/ssh/sshd_config.d/*) printf 'Include %s\\n' \"$copy\" > /run/ecslogon-check.conf\n"
      + "      /usr/sbin/sshd -t -f /run/ecslogon-check.conf 2>&1; status $? ;;\n"
      + "    *) /usr/sbin/sshd -t -f \"$copy\" 2>&1; status $? ;;\n"
      + "  esac\n"
      + "done\n"
      + "section sudoers; /usr/sbin/visudo -c -q 2>&1; status $?\n"
      + "section passwd; cat /etc/passwd 2>&1; status $?\n";

  static InstanceFiles read(Sandbox sandbox, List<String> rollbackCopies) {
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "sh"));
    argv.addAll(rollbackCopies);
    ExecResult result = sandbox.exec(argv.toArray(String[]::new));
    return parse(result.stdout(), result.exitCode() + ": " + result.stderr().strip());
  }

  static InstanceFiles parse(String output, String whenIncomplete) {
    Map<String, Check> checks = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (!line.startsWith(SECTION)) {
        body.append(line).append('\n');
        continue;
      }
      String rest = line.substring(SECTION.length());
      if (rest.startsWith("exit ") && name != null) {
        checks.put(name, new Check(body.toString().strip(), Integer.parseInt(rest.substring(5).strip())));
        name = null;
      } else {
        name = rest;
      }
      body.setLength(0);
    }
    for (String required : List.of("sshd", "sudoers", "passwd")) {
      if (!checks.containsKey(required)) {
        throw new IllegalStateException("the instance's checks stopped before " + required + " (" + whenIncomplete + ")");
      }
    }
    Map<String, Check> copies = new LinkedHashMap<>();
    checks.forEach((key, check) -> {
      if (key.startsWith("copy ")) {
        copies.put(key.substring(5), check);
      }
    });
    Check passwdFile = checks.get("passwd");
    if (!passwdFile.passed()) {
      throw new IllegalStateException("could not read /etc/passwd: " + passwdFile.output());
    }
    List<String[]> entries = Arrays.stream(passwdFile.output().split("\n")).filter(line -> !line.isBlank())
        .map(line -> line.split(":")).toList();
    return new InstanceFiles(checks.get("sshd"), copies, checks.get("sudoers"), entries);
  }

  List<String> accounts() {
    return passwd.stream().map(fields -> fields[0]).toList();
  }
}
