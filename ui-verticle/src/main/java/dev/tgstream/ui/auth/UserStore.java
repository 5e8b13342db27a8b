package dev.tgstream.ui.auth;

import dev.tgstream.ui.http.ApiProblem;
import dev.tgstream.ui.io.AtomicFiles;
import dev.tgstream.ui.io.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The people who may sign in, kept in memory and in {@code DATA_DIR/users.json} (replaced atomically on every
 * change, so a crash never loses it).
 *
 * <p>At start: users.json is read, then UI_USERS is applied on top — for the names it lists, UI_USERS wins (hash, and
 * role when the entry names one), every start, so an operator can always regain access through the environment. An
 * entry without a role keeps the role users.json has for it; a new one becomes a viewer, unless nobody would be an
 * admin — then role-less entries become admins (so {@code UI_USERS=me:hash} alone makes {@code me} the admin). With no
 * users at all and auth on, an {@code admin} with a random password is created; the caller logs that password once
 * ({@link #generatedAdminPassword()}).
 *
 * <p>Thread-safe: the UI's event loops share one store. Reads and each check-then-change step (the re-check after
 * bcrypt, the last-admin rule) hold the lock; bcrypt itself runs on a worker outside it. Changes complete after they
 * are on disk, on the caller's context.
 */
public final class UserStore {

  private static final Logger log = LoggerFactory.getLogger(UserStore.class);
  public static final String FILE_NAME = "users.json";
  public static final String FIRST_ADMIN = "admin";

  private final Vertx vertx;
  private final Path file;
  private final Map<String, User> users;
  private final Set<String> fromEnv;
  private final String dummyHash;
  private final String generatedAdminPassword;
  private Future<Void> lastWrite = Future.succeededFuture();

  private UserStore(Vertx vertx, Path file, Map<String, User> users, Set<String> fromEnv, String dummyHash,
                    String generatedAdminPassword) {
    this.vertx = vertx;
    this.file = file;
    this.users = users;
    this.fromEnv = fromEnv;
    this.dummyHash = dummyHash;
    this.generatedAdminPassword = generatedAdminPassword;
  }

  /**
   * Loads users.json, applies UI_USERS and, when {@code createFirstAdmin} and nobody exists, creates {@code admin}.
   * Fails with a message naming the culprit (UI_USERS entry, users.json) when either is malformed.
   */
  public static Future<UserStore> open(Vertx vertx, Path dataDir, String usersSpec, boolean createFirstAdmin) {
    List<UsersSpec.Entry> entries;
    try {
      entries = UsersSpec.parse(usersSpec);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Path file = dataDir.resolve(FILE_NAME);
    return vertx.executeBlocking(() -> {
      Map<String, User> loaded = read(file);
      Map<String, User> users = new TreeMap<>(loaded);
      seed(users, entries);
      String password = null;
      if (users.isEmpty() && createFirstAdmin) {
        password = PasswordHasher.randomPassword();
        users.put(FIRST_ADMIN, new User(FIRST_ADMIN, PasswordHasher.hash(password), Role.ADMIN));
      }
      if (!users.equals(loaded)) {
        AtomicFiles.write(file, encode(users));
      }
      String dummy = PasswordHasher.hash(PasswordHasher.randomPassword(), typicalCost(users));
      Set<String> envNames = entries.stream().map(UsersSpec.Entry::name).collect(Collectors.toUnmodifiableSet());
      return new UserStore(vertx, file, users, envNames, dummy, password);
    }, false).onSuccess(store -> {
      if (!store.users.isEmpty() && store.admins() == 0) {
        log.warn("No user has the admin role: nobody can manage users. Give one user the admin role in UI_USERS "
            + "(name:hash:admin).");
      }
    });
  }

  /** The password of the {@code admin} this start created, to be shown once; empty on every other start. */
  public Optional<String> generatedAdminPassword() {
    return Optional.ofNullable(generatedAdminPassword);
  }

  public synchronized Optional<User> find(String name) {
    return Optional.ofNullable(name == null ? null : users.get(name));
  }

  /** Every user, by name. */
  public synchronized List<User> list() {
    return new ArrayList<>(users.values());
  }

  public synchronized int size() {
    return users.size();
  }

  /** Whether the user is listed in UI_USERS (its hash and role are reset from there at every start). */
  public boolean isFromEnv(String name) {
    return fromEnv.contains(name);
  }

  /**
   * The user when the password is right, else empty. Unknown names are checked against a dummy hash of the usual
   * cost, so a wrong name and a wrong password take about as long and look the same.
   */
  public Future<Optional<User>> authenticate(String name, String password) {
    User user = find(name).orElse(null);
    String hash = user != null ? user.hash() : dummyHash;
    String candidate = password == null ? "" : password;
    return vertx.executeBlocking(() -> PasswordHasher.verify(candidate, hash), false)
        .map(ok -> {
          // The account may have been removed or changed while bcrypt ran; only the hash that was checked counts.
          User current = user == null ? null : find(user.name()).orElse(null);
          return ok && current != null && current.hash().equals(hash) ? Optional.of(current) : Optional.empty();
        });
  }

  /** Adds a user; 400 for a bad name, password or role, 409 when the name is taken. */
  public Future<User> add(String name, String password, Role role) {
    if (!User.isValidName(name)) {
      return Future.failedFuture(ApiProblem.badRequest(User.NAME_RULE));
    }
    String weak = PasswordHasher.checkStrength(password);
    if (weak != null) {
      return Future.failedFuture(ApiProblem.badRequest(weak));
    }
    if (find(name).isPresent()) {
      return Future.failedFuture(ApiProblem.conflict("user " + name + " already exists"));
    }
    return vertx.executeBlocking(() -> PasswordHasher.hash(password), false).compose(hash -> {
      User user = new User(name, hash, role);
      Future<Void> written;
      synchronized (this) {
        // Checked again: another request may have taken the name while bcrypt ran.
        if (users.containsKey(name)) {
          return Future.failedFuture(ApiProblem.conflict("user " + name + " already exists"));
        }
        users.put(name, user);
        written = persist();
      }
      return written.map(user).recover(err -> {
        synchronized (this) {
          users.remove(name, user);
        }
        return Future.failedFuture(err);
      });
    });
  }

  /**
   * Changes a user's password and/or role (null leaves it as is); 404 for an unknown user, 400 for a weak password,
   * 409 when it would demote the last admin.
   */
  public Future<User> update(String name, String password, Role role) {
    if (password == null && role == null) {
      return Future.failedFuture(ApiProblem.badRequest("nothing to change: give password and/or role"));
    }
    if (find(name).isEmpty()) {
      return Future.failedFuture(ApiProblem.notFound("no user named " + name));
    }
    if (password != null) {
      String weak = PasswordHasher.checkStrength(password);
      if (weak != null) {
        return Future.failedFuture(ApiProblem.badRequest(weak));
      }
    }
    Future<String> newHash = password == null
        ? Future.succeededFuture(null)
        : vertx.executeBlocking(() -> PasswordHasher.hash(password), false);
    return newHash.compose(hash -> {
      User before;
      User changed;
      Future<Void> written;
      synchronized (this) {
        before = users.get(name);
        if (before == null) {
          return Future.failedFuture(ApiProblem.notFound("no user named " + name));
        }
        if (role == Role.VIEWER && before.role() == Role.ADMIN && admins() == 1) {
          return Future.failedFuture(ApiProblem.conflict("cannot demote the last admin; make another user admin first"));
        }
        User after = before;
        if (hash != null) {
          after = after.withHash(hash);
        }
        if (role != null) {
          after = after.withRole(role);
        }
        changed = after;
        users.put(name, changed);
        written = persist();
      }
      return written.map(changed).recover(err -> {
        synchronized (this) {
          users.replace(name, changed, before);
        }
        return Future.failedFuture(err);
      });
    });
  }

  /** Removes a user; 404 when unknown, 409 for the last admin. */
  public Future<Void> remove(String name) {
    User before;
    Future<Void> written;
    synchronized (this) {
      before = users.get(name);
      if (before == null) {
        return Future.failedFuture(ApiProblem.notFound("no user named " + name));
      }
      if (before.role() == Role.ADMIN && admins() == 1) {
        return Future.failedFuture(ApiProblem.conflict("cannot remove the last admin"));
      }
      users.remove(name);
      written = persist();
    }
    return written.recover(err -> {
      synchronized (this) {
        users.putIfAbsent(name, before);
      }
      return Future.failedFuture(err);
    });
  }

  private synchronized long admins() {
    return users.values().stream().filter(u -> u.role() == Role.ADMIN).count();
  }

  /**
   * Writes the current state after every write already queued, so the file always ends with the latest state.
   * Called holding the lock (the state encoded and the write queued in one step). The outcome comes back on the
   * caller's context: the chain's futures belong to whichever loop queued the first of them.
   */
  private Future<Void> persist() {
    byte[] content = encode(users);
    Future<Void> write = lastWrite.transform(ignored -> vertx.executeBlocking(() -> {
      AtomicFiles.write(file, content);
      return null;
    }, false));
    lastWrite = write;
    return CallerContext.of(write.onFailure(err -> log.error("Could not write {}", file, err)));
  }

  private static void seed(Map<String, User> users, List<UsersSpec.Entry> entries) {
    boolean adminWithoutDefaults = users.values().stream()
        .filter(u -> entries.stream().noneMatch(e -> e.name().equals(u.name()) && e.role().isPresent()))
        .anyMatch(u -> u.role() == Role.ADMIN)
        || entries.stream().anyMatch(e -> e.role().orElse(null) == Role.ADMIN);
    for (UsersSpec.Entry e : entries) {
      User existing = users.get(e.name());
      Role role = e.role()
          .or(() -> Optional.ofNullable(existing).map(User::role))
          .orElse(adminWithoutDefaults ? Role.VIEWER : Role.ADMIN);
      users.put(e.name(), new User(e.name(), e.hash(), role));
    }
  }

  // The cost most stored hashes use, so checking an unknown name takes as long as checking a known one.
  private static int typicalCost(Map<String, User> users) {
    Map<Integer, Long> counts = users.values().stream()
        .collect(Collectors.groupingBy(u -> PasswordHasher.costOf(u.hash()), Collectors.counting()));
    return counts.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey).orElse(PasswordHasher.COST);
  }

  private static Map<String, User> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    }
    Map<String, User> users = new HashMap<>();
    try {
      JsonArray list = new JsonObject(text).getJsonArray("users");
      for (int i = 0; i < list.size(); i++) {
        JsonObject u = list.getJsonObject(i);
        String name = u.getString("name");
        String hash = u.getString("hash");
        Optional<Role> role = Role.fromWire(u.getString("role"));
        if (!User.isValidName(name) || !PasswordHasher.isHash(hash) || role.isEmpty()) {
          throw new IllegalArgumentException("user #" + (i + 1) + " needs a valid name, a bcrypt hash and a role");
        }
        users.put(name, new User(name, hash, role.get()));
      }
    } catch (RuntimeException e) {
      // Refuse to start rather than overwrite a file a person may want to repair.
      throw new IllegalStateException(file + " is not a valid users file (" + e.getMessage()
          + "); repair or remove it", e);
    }
    return users;
  }

  private static byte[] encode(Map<String, User> users) {
    JsonArray list = new JsonArray();
    users.values().forEach(u -> list.add(new JsonObject()
        .put("name", u.name()).put("hash", u.hash()).put("role", u.role().wireName())));
    return new JsonObject().put("version", 1).put("users", list).encodePrettily().getBytes(StandardCharsets.UTF_8);
  }
}
