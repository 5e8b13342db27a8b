package dev.tgstream.telegram.tdlib;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionFolderTest {

  @TempDir
  Path root;

  static final byte[] FIRST = "first session binlog".getBytes();
  static final byte[] SECOND = "second session binlog".getBytes();

  @Test
  void theFirstStartRestoresTheString() throws IOException {
    SessionFolder.Prepared p = SessionFolder.prepare(root, SessionPack.pack(FIRST));
    assertTrue(p.restored());
    assertTrue(p.databaseDirectory().getFileName().toString().startsWith("user-"));
    assertArrayEquals(FIRST, Files.readAllBytes(p.databaseDirectory().resolve("td.binlog")));
  }

  @Test
  void aLaterStartKeepsWhatTdlibWroteSince() throws IOException {
    String session = SessionPack.pack(FIRST);
    Path dir = SessionFolder.prepare(root, session).databaseDirectory();
    Files.write(dir.resolve("td.binlog"), "updated by TDLib".getBytes());
    Files.writeString(dir.resolve("db.sqlite"), "cache");
    SessionFolder.Prepared again = SessionFolder.prepare(root, session + "\n");
    assertFalse(again.restored());
    assertEquals(dir, again.databaseDirectory(), "whitespace does not make another session");
    assertEquals("updated by TDLib", Files.readString(dir.resolve("td.binlog")));
    assertTrue(Files.exists(dir.resolve("db.sqlite")));
  }

  @Test
  void aNewStringGetsANewFolderAndTheOldOneGoes() throws IOException {
    Path old = SessionFolder.prepare(root, SessionPack.pack(FIRST)).databaseDirectory();
    SessionFolder.Prepared p = SessionFolder.prepare(root, SessionPack.pack(SECOND));
    assertTrue(p.restored());
    assertArrayEquals(SECOND, Files.readAllBytes(p.databaseDirectory().resolve("td.binlog")));
    assertEquals(List.of(old), p.removed());
    assertFalse(Files.exists(old));
  }

  @Test
  void anInterruptedRestoreIsRedone() throws IOException {
    String session = SessionPack.pack(FIRST);
    Path dir = root.resolve("user-" + SessionFolder.fingerprint(session));
    Files.createDirectories(dir.resolve("files"));
    Files.writeString(dir.resolve(".td.binlog.123.part"), "half");
    SessionFolder.Prepared p = SessionFolder.prepare(root, session);
    assertTrue(p.restored());
    assertArrayEquals(FIRST, Files.readAllBytes(dir.resolve("td.binlog")));
    assertFalse(Files.exists(dir.resolve("files")));
  }

  @Test
  void aCorruptStringTouchesNothing() throws IOException {
    Path good = SessionFolder.prepare(root, SessionPack.pack(FIRST)).databaseDirectory();
    SessionPackException e = assertThrows(SessionPackException.class, () -> SessionFolder.prepare(root, "tgs1.xx"));
    assertEquals(SessionPackException.Reason.CORRUPT, e.reason());
    assertTrue(Files.exists(good.resolve("td.binlog")), "the working session survives a bad redeploy");
  }

  @Test
  void otherFoldersUnderTheRootAreLeftAlone() throws IOException {
    Path bots = Files.createDirectories(root.resolve("bot-1"));
    SessionFolder.prepare(root, SessionPack.pack(FIRST));
    assertTrue(Files.exists(bots));
  }
}
