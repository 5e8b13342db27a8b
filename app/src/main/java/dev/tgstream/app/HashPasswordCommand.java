package dev.tgstream.app;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code hash-password [password]}: prints a bcrypt hash for UI_USERS (the password is read from stdin if not given). */
final class HashPasswordCommand {

  private HashPasswordCommand() {
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    String password;
    if (args.length > 0) {
      password = args[0];
    } else {
      try {
        password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        password = null;
      }
    }
    if (password == null || password.length() < 8) {
      err.println("tgstream hash-password: give a password of at least 8 characters (argument or stdin)");
      return Main.EXIT_USAGE;
    }
    out.println(BCrypt.withDefaults().hashToString(10, password.toCharArray()));
    return 0;
  }
}
