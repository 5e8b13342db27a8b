package dev.tgstream.telegram.tdlib;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds {@code libtdjson.so}: an explicit path (TDLIB_PATH, read by the configuration and passed in), else the copy
 * the Maven build fetched with npm into {@code .tdlib/} at the repository root, looked for from the working directory
 * and from where our code lives (the fat jar is {@code app/target/tgstream.jar}), each and their parents.
 */
public final class TdLibraryLocator {

  /** The npm package that ships a self-contained libtdjson (OpenSSL and zlib linked in). */
  public static final String NPM_PACKAGE = "@prebuilt-tdlib/linux-x64-glibc";
  /** Pinned; the build ({@code telegram/pom.xml}, {@code tdlib.npm.version}) fetches exactly this one. */
  public static final String NPM_VERSION = "0.1008067.0";
  /** The TDLib version inside that package ({@code getOption version}). */
  public static final String TDLIB_VERSION = "1.8.67";
  /** The git-ignored folder at the repository root the build fetches into. */
  public static final String FOLDER = ".tdlib";
  public static final String LIBRARY_FILE = "libtdjson.so";

  /** Where the build puts the library, relative to the repository root: one folder per pinned version. */
  public static final Path RELATIVE_PATH = Path.of(FOLDER, "prebuilt-tdlib-linux-x64-glibc-" + NPM_VERSION,
      LIBRARY_FILE);

  static final String NOT_FOUND = "libtdjson not found: run `mvn install` (fetches " + NPM_PACKAGE + "@"
      + NPM_VERSION + " with npm) or set TDLIB_PATH";

  private TdLibraryLocator() {
  }

  /** Finds the library from the current working directory and this class's location. */
  public static Path locate(Optional<Path> tdlibPath) {
    return locate(tdlibPath, Path.of("").toAbsolutePath(), codeLocation());
  }

  /**
   * Finds the library. Fails with an {@link IllegalStateException} whose message is one line saying what to do: when
   * {@code tdlibPath} is given but is no file, or when no fetched copy is found.
   */
  static Path locate(Optional<Path> tdlibPath, Path workingDirectory, Optional<Path> codeLocation) {
    if (tdlibPath.isPresent()) {
      Path explicit = tdlibPath.get().toAbsolutePath().normalize();
      if (!Files.isRegularFile(explicit)) {
        throw new IllegalStateException("TDLIB_PATH=" + tdlibPath.get() + " is not a file (expected the path of "
            + LIBRARY_FILE + ")");
      }
      return explicit;
    }
    for (Path candidate : candidates(workingDirectory, codeLocation)) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(NOT_FOUND);
  }

  /** Every place looked at, in order; shown when diagnosing a set-up. */
  static List<Path> candidates(Path workingDirectory, Optional<Path> codeLocation) {
    Set<Path> found = new LinkedHashSet<>();
    addAncestors(found, workingDirectory.toAbsolutePath().normalize());
    codeLocation.ifPresent(code -> {
      Path abs = code.toAbsolutePath().normalize();
      // A jar file or a classes folder: start from the folder holding it.
      addAncestors(found, Files.isDirectory(abs) ? abs : abs.getParent());
    });
    return new ArrayList<>(found);
  }

  private static void addAncestors(Set<Path> into, Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      into.add(dir.resolve(RELATIVE_PATH));
    }
  }

  private static Optional<Path> codeLocation() {
    try {
      CodeSource source = TdLibraryLocator.class.getProtectionDomain().getCodeSource();
      return source == null || source.getLocation() == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      // An exotic class loader: the working directory and TDLIB_PATH remain.
      return Optional.empty();
    }
  }
}
