package dev.tgstream.telegram.tdlib;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link TdJson} over the real {@code libtdjson} through JNA: the four functions of {@code td_json_client.h}.
 *
 * <p>JNA copies each returned {@code const char *} into a Java string before the call returns, which is exactly what
 * TDLib asks (the buffer is valid only until the next {@code td_receive}/{@code td_execute}). Strings cross as UTF-8,
 * TDLib's only encoding, whatever the platform default.
 */
public final class NativeTdJson implements TdJson {

  /** The C functions, named as TDLib exports them. */
  interface TdJsonLibrary extends Library {
    int td_create_client_id();

    void td_send(int clientId, String request);

    String td_receive(double timeout);

    String td_execute(String request);
  }

  private final TdJsonLibrary lib;
  private final Path path;

  private NativeTdJson(TdJsonLibrary lib, Path path) {
    this.lib = lib;
    this.path = path;
  }

  /**
   * Loads the library from exactly {@code library} (no search path: we must know which TDLib we run). Fails with an
   * {@link IllegalStateException} naming the file when it is missing or cannot be loaded.
   */
  public static NativeTdJson load(Path library) {
    Path absolute = library.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new IllegalStateException("libtdjson not found at " + absolute);
    }
    try {
      TdJsonLibrary lib = Native.load(absolute.toString(), TdJsonLibrary.class,
          Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
      return new NativeTdJson(lib, absolute);
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot load libtdjson from " + absolute + ": " + e.getMessage(), e);
    }
  }

  /** The file this was loaded from. */
  public Path path() {
    return path;
  }

  @Override
  public int createClientId() {
    return lib.td_create_client_id();
  }

  @Override
  public void send(int clientId, String request) {
    lib.td_send(clientId, request);
  }

  @Override
  public String receive(double timeoutSeconds) {
    return lib.td_receive(timeoutSeconds);
  }

  @Override
  public String execute(String request) {
    return lib.td_execute(request);
  }
}
