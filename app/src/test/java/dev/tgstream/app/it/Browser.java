package dev.tgstream.app.it;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The system's headless Chromium driven by Debian's chromedriver through Selenium. Both paths are fixed, so Selenium
 * Manager never runs (it would try to download a driver; the build network is closed). Waits are conditions polled
 * by {@link WebDriverWait}; a wait that times out fails the test with where the SPA was (URL, view, status message,
 * console).
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration STEP = Duration.ofSeconds(20);
  /**
   * Selenium warns on every start that it has no DevTools (CDP) classes for this Chromium version; the tests use only
   * WebDriver commands, so those warnings are noise. Strong references keep the levels set.
   */
  private static final List<java.util.logging.Logger> QUIET = List.of(
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
      java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

  static {
    QUIET.forEach(l -> l.setLevel(Level.SEVERE));
  }

  private final ChromeDriver driver;
  private final Path profile;
  private final List<String> console = new ArrayList<>();

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Fails (never skips) when Chromium or chromedriver is missing. */
  static void requireInstalled() {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
        fail(p + " is not installed (Debian packages chromium and chromium-driver): run scripts/test-tools.sh (as root) "
            + "to install the test tools");
      }
    }
  }

  /** Starts a fresh headless browser with a new profile; chromedriver's log goes to {@code logDir/chromedriver.log}. */
  static Browser start(Path logDir) {
    requireInstalled();
    Path profile;
    try {
      Files.createDirectories(logDir);
      profile = Files.createTempDirectory("tgstream-e2e-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(logDir.resolve("chromedriver.log").toFile())
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1280,900", "--autoplay-policy=no-user-gesture-required",
        "--mute-audio", "--disable-dev-shm-usage");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
      return new Browser(driver, profile);
    } catch (RuntimeException e) {
      Tools.deleteTree(profile);
      throw new AssertionError("headless Chromium did not start (" + CHROMIUM + " via " + CHROMEDRIVER + "); see "
          + logDir.resolve("chromedriver.log") + ": " + e.getMessage(), e);
    }
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /** Runs a script (W3C Execute Script: a returned promise is awaited). */
  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  double jsNumber(String script, Object... args) {
    Object v = js(script, args);
    if (!(v instanceof Number n)) {
      return fail("script returned " + v + " instead of a number: " + script);
    }
    return n.doubleValue();
  }

  /**
   * Polls {@code condition} (every 100 ms, up to {@code timeout}) until it returns a value that is neither null nor
   * false; fails with {@code what} and the page's state otherwise.
   */
  <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
    wait.ignoring(StaleElementReferenceException.class);
    try {
      return wait.until(condition);
    } catch (TimeoutException e) {
      return fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + "\n" + describe(), e);
    }
  }

  <T> T await(String what, Function<WebDriver, T> condition) {
    return await(what, STEP, condition);
  }

  /** Waits until the SPA says it rendered {@code view} ({@code body[data-view]}). */
  void awaitView(String view) {
    await("the " + view + " view (body[data-view=" + view + "])",
        d -> view.equals(d.findElement(By.tagName("body")).getAttribute("data-view")));
  }

  /** Waits for one element by CSS selector. */
  WebElement awaitElement(String css) {
    return await("an element " + css, d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() ? null : found.get(0);
    });
  }

  /** The visible viewport as a PNG file. */
  void screenshot(Path png) {
    write(png, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** One element as a PNG file. */
  void screenshot(WebElement element, Path png) {
    write(png, ((TakesScreenshot) element).getScreenshotAs(OutputType.BYTES));
  }

  private static void write(Path png, byte[] bytes) {
    try {
      Files.createDirectories(png.getParent());
      Files.write(png, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the SPA is, for failure messages: URL, view, status line, errors, the browser console. */
  String describe() {
    StringBuilder b = new StringBuilder("---- browser ----\n");
    try {
      b.append("  url: ").append(driver.getCurrentUrl()).append('\n');
      Object state = js("""
          const b = document.body;
          const s = document.getElementById('status');
          const p = document.getElementById('player');
          const err = document.querySelector('.error-page, .player-error, .form-error');
          return 'view=' + (b && b.dataset.view) + ' status="' + (s ? s.textContent.trim() : '') + '"'
            + (err ? ' error="' + err.textContent.trim().slice(0, 300) + '"' : '')
            + (p ? ' player={src=' + p.currentSrc + ' t=' + p.currentTime + ' d=' + p.duration + ' ready=' + p.readyState
                 + ' net=' + p.networkState + ' seeking=' + p.seeking + ' paused=' + p.paused
                 + ' error=' + (p.error ? p.error.code + ':' + p.error.message : 'none') + '}' : '');""");
      b.append("  ").append(state).append('\n');
    } catch (RuntimeException e) {
      b.append("  (page state unavailable: ").append(e.getMessage(), 0, Math.min(200, String.valueOf(e.getMessage()).length()))
          .append(")\n");
    }
    b.append("  console:\n");
    for (String line : consoleLines()) {
      b.append("    ").append(line).append('\n');
    }
    return b.toString();
  }

  /** The browser console so far (errors, warnings, logs), accumulated across calls. */
  List<String> consoleLines() {
    try {
      for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
        console.add(e.getLevel() + " " + e.getMessage());
      }
    } catch (RuntimeException ignored) {
      // the log endpoint is a chromedriver extension; diagnostics only
    }
    return List.copyOf(console);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } catch (RuntimeException ignored) {
      // already gone
    } finally {
      Tools.deleteTree(profile);
    }
  }
}
