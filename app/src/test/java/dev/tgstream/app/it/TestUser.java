package dev.tgstream.app.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A UI user with a known password, given to the server as {@code UI_USERS=name:bcrypt-hash:role}; the hash comes from
 * the jar's own {@code hash-password} command, as the README tells a person to make it.
 */
record TestUser(String name, String password, String role) {

  /** The {@code UI_USERS} value for this user. */
  String uiUsers() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Tools.Result r = Tools.run(Duration.ofMinutes(1),
        List.of(java, "-jar", ServerProcess.jar().toString(), "hash-password", password),
        noJvmOptions(), null);
    assertEquals(0, r.exit(), () -> "hash-password failed\n" + r.describe());
    List<String> lines = r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String hash = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    assertTrue(hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}"),
        () -> "hash-password did not print a bcrypt hash\n" + r.describe());
    return name + ":" + hash + ":" + role;
  }

  /** The developer's JVM option variables would add lines to the output; the command runs without them. */
  private static Map<String, String> noJvmOptions() {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_TOOL_OPTIONS", null);
    env.put("JDK_JAVA_OPTIONS", null);
    return env;
  }
}
