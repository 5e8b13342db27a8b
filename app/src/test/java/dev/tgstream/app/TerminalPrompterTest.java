package dev.tgstream.app;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class TerminalPrompterTest {

  @Test
  void promptsGoToStderrAndTheEndOfInputIsEmpty(Vertx vertx, VertxTestContext ctx) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TerminalPrompter prompter = new TerminalPrompter(vertx, null,
        new BufferedReader(new StringReader("+44 7700 900123\nsecret\n")), new PrintStream(err, true, StandardCharsets.UTF_8));
    prompter.ask("Phone: ").compose(phone -> {
      ctx.verify(() -> assertEquals(Optional.of("+44 7700 900123"), phone));
      return prompter.askSecret("Password: ");
    }).compose(password -> {
      ctx.verify(() -> assertEquals(Optional.of("secret"), password));
      prompter.tell("Wrong code.");
      return prompter.ask("Code: ");
    }).onComplete(ctx.succeeding(end -> ctx.verify(() -> {
      assertEquals(Optional.empty(), end, "Ctrl-D");
      String shown = err.toString(StandardCharsets.UTF_8);
      assertTrue(shown.startsWith("Phone: Password (input is visible: no terminal): Wrong code."), shown);
      assertTrue(shown.endsWith("Code: " + System.lineSeparator()), shown);
      ctx.completeNow();
    })));
  }
}
