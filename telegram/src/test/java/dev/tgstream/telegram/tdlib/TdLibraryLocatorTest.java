package dev.tgstream.telegram.tdlib;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where libtdjson is looked for, on made-up folder trees. */
class TdLibraryLocatorTest {

  private static Path fetchedUnder(Path root) throws IOException {
    Path lib = root.resolve(TdLibraryLocator.RELATIVE_PATH);
    Files.createDirectories(lib.getParent());
    Files.writeString(lib, "not really a library");
    return lib;
  }

  @Test
  void anExplicitPathWins(@TempDir Path dir) throws IOException {
    Path explicit = Files.writeString(dir.resolve("custom.so"), "x");
    fetchedUnder(dir);
    assertEquals(explicit, TdLibraryLocator.locate(Optional.of(explicit), dir, Optional.empty()));
  }

  @Test
  void anExplicitPathThatIsNoFileFailsNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.so");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TdLibraryLocator.locate(Optional.of(missing), dir, Optional.empty()));
    assertTrue(e.getMessage().startsWith("TDLIB_PATH=" + missing), e.getMessage());
  }

  @Test
  void theFetchedCopyIsFoundFromTheWorkingDirectoryOrAnyFolderBelowIt(@TempDir Path repo) throws IOException {
    Path lib = fetchedUnder(repo);
    Path module = Files.createDirectories(repo.resolve("telegram"));
    assertEquals(lib, TdLibraryLocator.locate(Optional.empty(), repo, Optional.empty()));
    assertEquals(lib, TdLibraryLocator.locate(Optional.empty(), module, Optional.empty()));
  }

  @Test
  void theFetchedCopyIsFoundFromTheFatJarsLocation(@TempDir Path dir) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path lib = fetchedUnder(repo);
    Path jar = Files.createDirectories(repo.resolve("app/target")).resolve("tgstream.jar");
    Files.writeString(jar, "jar");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    assertEquals(lib, TdLibraryLocator.locate(Optional.empty(), elsewhere, Optional.of(jar)));
  }

  @Test
  void nothingFoundSaysHowToGetIt(@TempDir Path dir) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TdLibraryLocator.locate(Optional.empty(), dir, Optional.empty()));
    assertEquals("libtdjson not found: run `mvn install` (fetches @prebuilt-tdlib/linux-x64-glibc@0.1008067.0 with "
        + "npm) or set TDLIB_PATH", e.getMessage());
  }

  @Test
  void thePinnedVersionIsTheOneTheBuildFetches() throws IOException {
    // Surefire runs in the module folder: the pom beside us declares what the build fetches.
    String pom = Files.readString(Path.of("pom.xml"));
    assertTrue(pom.contains("<tdlib.npm.version>" + TdLibraryLocator.NPM_VERSION + "</tdlib.npm.version>"),
        "telegram/pom.xml and TdLibraryLocator.NPM_VERSION disagree");
    assertTrue(pom.contains("<tdlib.npm.package>" + TdLibraryLocator.NPM_PACKAGE + "</tdlib.npm.package>"));
  }
}
