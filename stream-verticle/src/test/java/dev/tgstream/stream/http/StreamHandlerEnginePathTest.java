package dev.tgstream.stream.http;

import dev.tgstream.telegram.TelegramGateway;
import org.junit.jupiter.api.AfterAll;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every test of {@link StreamHandlerTest} again with the gateway's local regions hidden, so that the same statuses,
 * headers and bytes are proven for the engine's part reads too (what every source without a local copy uses).
 */
class StreamHandlerEnginePathTest extends StreamHandlerTest {

  @Override
  UnaryOperator<TelegramGateway> wrap() {
    return PartReadsOnly::new;
  }

  @AfterAll
  @Override
  void responsesWentTheExpectedWay() {
    assertEquals(0, fixture.engine.stats().localFileSends());
  }
}
