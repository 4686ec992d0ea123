package io.ecslogon.operator.hostile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads hostile-input/corpus.txt from the test classpath: one case per line, '#' starts a comment. */
final class HostileCorpus {
  static final String RESOURCE = "/hostile-input/corpus.txt";

  private HostileCorpus() {}

  static List<HostileCase> load() {
    try (InputStream in = HostileCorpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<HostileCase> cases = new ArrayList<>();
      String text;
      int line = 0;
      while ((text = reader.readLine()) != null) {
        line++;
        if (!text.isBlank() && !text.startsWith("#")) {
          cases.add(HostileCase.parse(line, text));
        }
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
