package dev.tgstream.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code link <t.me link>}'s argument handling; opening a post through TDLib is tested on the double (telegram). */
class LinkCommandTest {

  @TempDir
  Path data;

  private String run(String... args) {
    AppConfig config = new ConfigLoader(Map.of("DATA_DIR", data.toString(), "LIBRARY_DIR", data.toString()),
        new JsonObject()).read();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LinkCommand.run(config, args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(Main.EXIT_USAGE, code);
    assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on stdout when it fails");
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPostLinkNeedsTheTelegramBackend() {
    String err = run("https://t.me/c/1234567890/42");
    assertTrue(err.startsWith("tgstream link: a t.me link needs the Telegram backend"), err);
  }

  @Test
  void aLinkThatIsNoPostLinkSaysWhy() {
    String err = run("https://t.me/some_channel");
    assertTrue(err.contains("links to the channel, not to a post"), err);
    assertTrue(run("t.me/+AbCdEf").contains("invite link"));
  }

  @Test
  void aChannelNameStillNeedsAFile() {
    String err = run("movies");
    assertTrue(err.contains("usage: link <channel> <file>"), err);
    assertTrue(err.contains("t.me"), err);
  }
}
