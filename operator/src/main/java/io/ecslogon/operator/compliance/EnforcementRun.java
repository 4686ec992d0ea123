package io.ecslogon.operator.compliance;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.InstanceScript;
import io.ecslogon.operator.host.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Carries out Enforce's actions in one command: the fixed enforce.sh as program text, the actions
 * on stdin as data (so the same contract can run over another transport), one answer per action.
 */
final class EnforcementRun {
  private static final String SCRIPT = InstanceScript.load(EnforcementRun.class, "enforce.sh");

  private EnforcementRun() {}

  /** @return per action, null when it was done, otherwise why not */
  static List<String> apply(RemoteShell shell, List<EnforcementAction> actions) {
    StringBuilder stdin = new StringBuilder();
    actions.forEach(action -> stdin.append(action.line()));
    Command command = Command.of("sh", "-c", SCRIPT, "sh").withStdin(stdin.toString().getBytes(StandardCharsets.UTF_8));
    CommandResult result = shell.run(command).orThrow(command);
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      answers.add("no answer from the instance");
    }
    for (String line : result.stdout().split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length < 2 || !f[1].matches("\\d{1,6}")) {
        continue;
      }
      int index = Integer.parseInt(f[1]) - 1;
      if (index >= 0 && index < actions.size()) {
        answers.set(index, "ok".equals(f[0]) ? null : f.length > 2 ? message(f[2]) : "failed");
      }
    }
    return answers;
  }

  private static String message(String base64) {
    String text = new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8).strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
