package dev.tgstream.telegram.tdlib;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@link TdJson} other than the real libtdjson, for END-TO-END TESTS of the whole jar only (e.g. the TDLib test
 * double of the telegram module's test-jar). The shipped jar contains no implementation of this interface.
 *
 * <p>It is used only when BOTH hold, so it cannot be switched on by accident in production:
 * <ul>
 *   <li>the JVM is started with {@code -Dtgstream.tdjson.provider=<class name>} (a system property on the command
 *       line: no environment variable or config key selects it), and</li>
 *   <li>that class is on the class path (e.g. {@code java -cp tgstream.jar:telegram-tests.jar dev.tgstream.app.Main});
 *       it implements this interface and has a public no-argument constructor.</li>
 * </ul>
 * A property naming a class that is missing or unusable fails the start with one line saying so (never a silent fall
 * back to libtdjson); a provider in use is logged as a warning at start.
 */
public interface TdJsonProvider {

  /** The system property naming the provider class. */
  String PROPERTY = "tgstream.tdjson.provider";

  /**
   * Opens the TdJson the TDLib backend runs on.
   *
   * @param tdlibPath TDLIB_PATH, if set (a provider may load the real library too, e.g. to count its memory)
   */
  TdJson open(Optional<Path> tdlibPath) throws Exception;

  /** One line for the log: what is answered instead of TDLib. */
  String describe();

  /** The provider named by {@link #PROPERTY}, empty when the property is not set (production). */
  static Optional<TdJsonProvider> configured() {
    String name = System.getProperty(PROPERTY);
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    Class<?> type;
    try {
      type = Class.forName(name.strip(), true, TdJsonProvider.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("-D" + PROPERTY + "=" + name + " names a class that is not on the class path "
          + "(it exists only in test set-ups; remove the property to use libtdjson)", e);
    }
    if (!TdJsonProvider.class.isAssignableFrom(type)) {
      throw new IllegalStateException("-D" + PROPERTY + "=" + name + " does not implement "
          + TdJsonProvider.class.getName());
    }
    try {
      return Optional.of((TdJsonProvider) type.getConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("-D" + PROPERTY + "=" + name + " cannot be made (a public no-argument "
          + "constructor is needed): " + e, e);
    }
  }
}
