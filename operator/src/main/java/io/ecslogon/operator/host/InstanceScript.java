package io.ecslogon.operator.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A fixed script the operator runs on instances as the program text of {@code sh -c}, shipped as a
 * resource beside the class that runs it: everything that varies travels on stdin as data.
 */
public final class InstanceScript {
  private InstanceScript() {}

  /** The script {@code name} from {@code owner}'s package. */
  public static String load(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
