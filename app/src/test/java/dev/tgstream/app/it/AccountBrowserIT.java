package dev.tgstream.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first-start admin in a real browser: signs in with the password from the log, changes it on the Account page,
 * sees their own session in the admin view's "Signed in" list, and the new password is the one that signs in.
 * Screenshots land in {@code app/target/e2e/} (account.png, admin-sessions.png).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountBrowserIT {

  private static final Pattern FIRST_START = Pattern.compile("FIRST START: created user 'admin' with password '([^']+)'");
  private static final String NEW_PASSWORD = "Acc0unt-page-new-pass";

  private final Path out = Fixtures.dir().resolveSibling("e2e");
  private ServerProcess server;
  private Browser browser;

  @BeforeAll
  void start() {
    Browser.requireInstalled();
    server = ServerProcess.builder("account-browser")
        .file("films", Fixtures.random("account-it.bin", 64 * 1024, 41))
        .start();
    browser = Browser.start(out);
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private String firstStartPassword() {
    assertTrue(server.awaitLine(l -> FIRST_START.matcher(l).find(), Duration.ofSeconds(30)), server.tail(20));
    for (String line : server.lines()) {
      Matcher m = FIRST_START.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no first-start password in the log");
  }

  @Test
  void theFirstAdminChangesTheirPasswordAndSeesTheirSession() throws Exception {
    String initial = firstStartPassword();
    try {
      browser.open(server.baseUrl() + "/");
      browser.awaitView("login");
      browser.driver().findElement(By.id("login-name")).sendKeys("admin");
      browser.driver().findElement(By.id("login-password")).sendKeys(initial);
      browser.driver().findElement(By.id("login-submit")).click();
      browser.awaitView("home");

      browser.driver().findElement(By.id("nav-account")).click();
      browser.awaitView("account");
      browser.driver().findElement(By.id("current-password")).sendKeys(initial);
      browser.driver().findElement(By.id("new-password")).sendKeys(NEW_PASSWORD);
      browser.driver().findElement(By.id("repeat-password")).sendKeys(NEW_PASSWORD + "x");
      browser.driver().findElement(By.cssSelector("#password-form button[type=submit]")).click();
      browser.await("the mismatch is explained", d -> d.findElement(By.id("password-error")).getText()
          .contains("differ") ? Boolean.TRUE : null);
      browser.driver().findElement(By.id("repeat-password")).clear();
      browser.driver().findElement(By.id("repeat-password")).sendKeys(NEW_PASSWORD);
      browser.driver().findElement(By.cssSelector("#password-form button[type=submit]")).click();
      browser.await("the change is confirmed", d -> d.findElement(By.id("status")).getText()
          .contains("Password changed") ? Boolean.TRUE : null);
      browser.screenshot(out.resolve("account.png"));

      browser.driver().findElement(By.id("nav-admin")).click();
      browser.awaitView("admin");
      String row = browser.await("the admin's own session in the list", d -> d.findElements(
              By.cssSelector("#sessions-table tbody tr")).stream().map(r -> r.getText())
          .filter(t -> t.contains("admin") && t.contains("This one")).findFirst().orElse(null));
      assertTrue(row.startsWith("admin"), row);
      browser.screenshot(out.resolve("admin-sessions.png"));
    } catch (AssertionError | RuntimeException e) {
      browser.screenshot(out.resolve("account-failure.png"));
      throw new AssertionError(e.getMessage() + "\n" + browser.describe() + server.tail(30), e);
    }

    assertEquals(401, login(initial), "the old password no longer signs in");
    assertEquals(200, login(NEW_PASSWORD), "the new password signs in");
  }

  private int login(String password) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/login"))
        .header("Content-Type", "application/json")
        .header("Origin", server.baseUrl())
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"admin\",\"password\":\"" + password + "\"}"))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
