package dev.tgstream.ui.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsersSpecTest {

  // Shaped like htpasswd -nbB output: $2y$, cost 05, 53 characters of salt and hash.
  private static final String HASH = "$2y$05$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

  @Test
  void parsesEntriesWithAndWithoutRoles() {
    List<UsersSpec.Entry> entries = UsersSpec.parse(" ann:" + HASH + ":admin ;\n bo.b_1:" + HASH + "; ;carl:"
        + HASH.replace("$2y$", "$2a$") + ":viewer;");
    assertEquals(3, entries.size());
    assertEquals(new UsersSpec.Entry("ann", HASH, Optional.of(Role.ADMIN)), entries.get(0));
    assertEquals(new UsersSpec.Entry("bo.b_1", HASH, Optional.empty()), entries.get(1));
    assertEquals(Optional.of(Role.VIEWER), entries.get(2).role());
  }

  @Test
  void emptyOrNullIsNoUsers() {
    assertTrue(UsersSpec.parse(null).isEmpty());
    assertTrue(UsersSpec.parse(" ; ").isEmpty());
  }

  @Test
  void errorsNameTheEntryButNeverTheHash() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UsersSpec.parse("ann:" + HASH + ";bob:plain-password"));
    assertTrue(e.getMessage().startsWith("UI_USERS entry 2 (bob)"), e.getMessage());
    assertFalse(e.getMessage().contains("plain-password"));

    assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersSpec.parse("ann:" + HASH + ":root"))
        .getMessage().contains("role"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersSpec.parse("bad name:" + HASH))
        .getMessage().contains("name"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersSpec.parse("ann:" + HASH + ";ann:" + HASH))
        .getMessage().contains("twice"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersSpec.parse("justaname"))
        .getMessage().contains("name:bcrypt-hash"));
  }
}
