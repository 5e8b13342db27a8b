package dev.tgstream.ui.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeding rules of UI_USERS over users.json, the first admin, and refusing a damaged file. */
@ExtendWith(VertxExtension.class)
class UserStoreTest {

  private static final String H1 = PasswordHasher.hash("password-one", 4);
  private static final String H2 = PasswordHasher.hash("password-two", 4);

  private static Map<String, Role> roles(UserStore store) {
    return store.list().stream().collect(Collectors.toMap(User::name, User::role));
  }

  @Test
  void aSingleRoleLessUserIsTheAdmin(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UserStore.open(vertx, dir, "me:" + H1, true).onComplete(tc.succeeding(store -> tc.verify(() -> {
      assertEquals(Map.of("me", Role.ADMIN), roles(store));
      assertTrue(store.generatedAdminPassword().isEmpty());
      assertTrue(store.isFromEnv("me"));
      tc.completeNow();
    })));
  }

  @Test
  void roleLessEntriesAreViewersWhenSomeoneElseIsAdmin(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UserStore.open(vertx, dir, "boss:" + H1 + ":admin;guest:" + H2, true)
        .onComplete(tc.succeeding(store -> tc.verify(() -> {
          assertEquals(Map.of("boss", Role.ADMIN, "guest", Role.VIEWER), roles(store));
          tc.completeNow();
        })));
  }

  @Test
  void uiUsersWinsForItsNamesAndRoleLessEntriesKeepTheirStoredRole(Vertx vertx, @TempDir Path dir,
                                                                    VertxTestContext tc) {
    UserStore.open(vertx, dir, "me:" + H1, true)
        .compose(first -> first.add("kid", "kid-password", Role.VIEWER).map(first))
        // Next start: me's hash changes in UI_USERS, the role is still not named.
        .compose(first -> UserStore.open(vertx, dir, "me:" + H2, true))
        .compose(second -> {
          assertEquals(Map.of("me", Role.ADMIN, "kid", Role.VIEWER), roles(second));
          return Future.all(second.authenticate("me", "password-two"), second.authenticate("me", "password-one"),
              second.authenticate("kid", "kid-password"));
        })
        .onComplete(tc.succeeding(results -> tc.verify(() -> {
          assertTrue(results.<Optional<User>>resultAt(0).isPresent());
          assertTrue(results.<Optional<User>>resultAt(1).isEmpty());
          assertTrue(results.<Optional<User>>resultAt(2).isPresent());
          tc.completeNow();
        })));
  }

  @Test
  void firstAdminOnlyWhenNobodyExistsAndAuthIsOn(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UserStore.open(vertx, dir.resolve("off"), null, false)
        .compose(off -> {
          assertEquals(0, off.size());
          assertTrue(off.generatedAdminPassword().isEmpty());
          assertFalse(Files.exists(dir.resolve("off/users.json")));
          return UserStore.open(vertx, dir.resolve("on"), null, true);
        })
        .compose(on -> {
          String password = on.generatedAdminPassword().orElseThrow();
          assertEquals(Map.of("admin", Role.ADMIN), roles(on));
          String file = vertx.fileSystem().readFileBlocking(dir.resolve("on/users.json").toString()).toString();
          assertFalse(file.contains(password), "the file holds a hash, never the password");
          return on.authenticate("admin", password);
        })
        .onComplete(tc.succeeding(user -> tc.verify(() -> {
          assertTrue(user.isPresent());
          tc.completeNow();
        })));
  }

  @Test
  void aDamagedUsersFileStopsTheStartAndIsLeftAlone(Vertx vertx, @TempDir Path dir, VertxTestContext tc)
      throws Exception {
    Path file = dir.resolve("users.json");
    Files.writeString(file, "{\"users\": [{\"name\": \"ann\"");
    UserStore.open(vertx, dir, "me:" + H1, true).onComplete(tc.failing(err -> tc.verify(() -> {
      assertTrue(err.getMessage().contains("users.json"), err.getMessage());
      assertEquals("{\"users\": [{\"name\": \"ann\"", Files.readString(file));
      tc.completeNow();
    })));
  }

  @Test
  void badUiUsersStopsTheStart(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UserStore.open(vertx, dir, "me:not-a-hash", true).onComplete(tc.failing(err -> tc.verify(() -> {
      assertTrue(err.getMessage().startsWith("UI_USERS entry 1 (me)"), err.getMessage());
      tc.completeNow();
    })));
  }

  @Test
  void unknownNamesAndWrongPasswordsFailAlike(Vertx vertx, @TempDir Path dir, VertxTestContext tc) {
    UserStore.open(vertx, dir, "me:" + H1, true)
        .compose(store -> Future.all(store.authenticate("nobody", "password-one"),
            store.authenticate("me", "wrong"), store.authenticate("me", null)))
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          for (int i = 0; i < 3; i++) {
            assertTrue(all.<Optional<User>>resultAt(i).isEmpty());
          }
          tc.completeNow();
        })));
  }
}
