package dev.tgstream.telegram.tdlib;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end-to-end seam: off unless the property names a provider class that is on the class path. */
class TdJsonProviderTest {

  @AfterEach
  void clear() {
    System.clearProperty(TdJsonProvider.PROPERTY);
  }

  @Test
  void withoutThePropertyThereIsNoProvider() {
    System.clearProperty(TdJsonProvider.PROPERTY);
    assertTrue(TdJsonProvider.configured().isEmpty());
    System.setProperty(TdJsonProvider.PROPERTY, " ");
    assertTrue(TdJsonProvider.configured().isEmpty());
  }

  @Test
  void thePropertyNamingTheDoubleGivesTheDouble() {
    System.setProperty(TdJsonProvider.PROPERTY, TdJsonDoubleProvider.class.getName());
    assertInstanceOf(TdJsonDoubleProvider.class, TdJsonProvider.configured().orElseThrow());
  }

  @Test
  void aClassThatIsNotThereFailsWithOneLineNeverFallingBackToLibtdjson() {
    System.setProperty(TdJsonProvider.PROPERTY, "dev.tgstream.NoSuchProvider");
    IllegalStateException e = assertThrows(IllegalStateException.class, TdJsonProvider::configured);
    assertTrue(e.getMessage().contains("-D" + TdJsonProvider.PROPERTY + "=dev.tgstream.NoSuchProvider")
        && e.getMessage().contains("not on the class path") && !e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aClassThatIsNoProviderFails() {
    System.setProperty(TdJsonProvider.PROPERTY, String.class.getName());
    IllegalStateException e = assertThrows(IllegalStateException.class, TdJsonProvider::configured);
    assertTrue(e.getMessage().contains("does not implement"), e.getMessage());
  }
}
