package dev.tgstream.telegram;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The open-file cache on its own, with a clock the test moves: who gets a kept file, for how long, and that every
 * channel closes exactly when the cache and the last region over it have let go.
 */
class OpenFilesTest {

  @TempDir
  Path temp;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private OpenFiles files;

  @BeforeEach
  void create() {
    files = new OpenFiles(now::get);
  }

  @Test
  void aKeptFileIsSharedByLaterRegionsOfTheSameDescriptionAndClosesWhenTheLastHolderLetsGo() throws IOException {
    MediaFile movie = described("a", "content-1", 5);
    FileChannel channel = open("a.mp4", "hello");
    LocalRegion first = files.keep(movie, channel);
    LocalRegion second = files.reuse(movie).orElseThrow();
    assertSame(channel, second.channel());
    assertEquals("hello", read(second));
    assertEquals(1, files.openFiles());

    first.close();
    second.close();
    second.close(); // a second close hands nothing back twice
    assertTrue(channel.isOpen(), "the cache still keeps it for the next range");
    LocalRegion third = files.reuse(movie).orElseThrow();
    files.clear();
    assertTrue(channel.isOpen(), "a region still out keeps it open after the cache let go");
    assertEquals("hello", read(third));
    third.close();
    assertFalse(channel.isOpen());
    assertEquals(0, files.openFiles());
    assertTrue(files.reuse(movie).isEmpty());
  }

  @Test
  void anotherContentIdOrAnotherFileIsNeverHandedTheKeptOne() throws IOException {
    files.keep(described("a", "content-1", 5), open("a.mp4", "hello")).close();
    assertTrue(files.reuse(described("a", "content-2", 5)).isEmpty(), "replaced since: a new content id");
    assertTrue(files.reuse(described("b", "content-1", 5)).isEmpty(), "another file id");
    assertTrue(files.reuse(described("a", "content-1", 5)).isPresent());
  }

  @Test
  void aCheckStandsForLessThanASecondThenTheFileIsLetGo() throws IOException {
    MediaFile movie = described("a", "content-1", 5);
    FileChannel channel = open("a.mp4", "hello");
    files.keep(movie, channel).close();
    now.addAndGet(OpenFiles.VALID_NANOS - 1);
    files.reuse(movie).orElseThrow().close();
    now.addAndGet(1);
    assertTrue(files.reuse(movie).isEmpty(), "the check is a second old: the file must be checked again");
    assertFalse(channel.isOpen());
    assertEquals(0, files.openFiles());
  }

  @Test
  void aChangeOfTheFileLetsGoOfItAtOnceAndLeavesTheOthers() throws IOException {
    MediaFile a = described("a", "content-a", 5);
    MediaFile b = described("b", "content-b", 5);
    FileChannel channelA = open("a.mp4", "aaaaa");
    FileChannel channelB = open("b.mp4", "bbbbb");
    files.keep(a, channelA).close();
    files.keep(b, channelB).close();
    files.forget(SourceChange.files(List.of("a")));
    assertTrue(files.reuse(a).isEmpty());
    assertFalse(channelA.isOpen());
    try (LocalRegion region = files.reuse(b).orElseThrow()) {
      assertEquals("bbbbb", read(region));
    }
    files.forget(SourceChange.everything());
    assertTrue(files.reuse(b).isEmpty());
    assertFalse(channelB.isOpen());
  }

  @Test
  void aNewerCheckOfTheSameFileReplacesTheKeptOne() throws IOException {
    FileChannel old = open("a.mp4", "hello");
    FileChannel fresh = open("a2.mp4", "HELLO");
    files.keep(described("a", "content-1", 5), old).close();
    files.keep(described("a", "content-2", 5), fresh).close();
    assertFalse(old.isOpen());
    assertEquals("HELLO", read(files.reuse(described("a", "content-2", 5)).orElseThrow()));
    assertEquals(1, files.openFiles());
  }

  @Test
  void atMostMaxOpenFilesAreKeptTheLeastRecentlyUsedGoesFirst() throws IOException {
    List<FileChannel> channels = new ArrayList<>();
    for (int i = 0; i < OpenFiles.MAX_OPEN; i++) {
      FileChannel c = open("f" + i, "x");
      channels.add(c);
      files.keep(described("f" + i, "c" + i, 1), c).close();
    }
    files.reuse(described("f0", "c0", 1)).orElseThrow().close(); // f0 used again: f1 is now the eldest
    files.keep(described("new", "c-new", 1), open("new", "x")).close();
    assertEquals(OpenFiles.MAX_OPEN, files.openFiles());
    assertFalse(channels.get(1).isOpen());
    assertTrue(channels.get(0).isOpen());
    assertTrue(files.reuse(described("f1", "c1", 1)).isEmpty());
    assertTrue(files.reuse(described("f0", "c0", 1)).isPresent());
  }

  @Test
  void aSweepClosesTheFilesWhoseCheckRanOutSoAnIdleServiceHoldsNoneOpen() throws IOException {
    FileChannel idle = open("a.mp4", "hello");
    files.keep(described("a", "content-1", 5), idle).close();
    now.addAndGet(OpenFiles.VALID_NANOS / 2);
    FileChannel recent = open("b.mp4", "hello");
    files.keep(described("b", "content-2", 5), recent).close();
    now.addAndGet(OpenFiles.VALID_NANOS / 2);
    files.sweep();
    assertFalse(idle.isOpen());
    assertTrue(recent.isOpen());
    assertEquals(1, files.openFiles());
  }

  private FileChannel open(String name, String content) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, content);
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  private static MediaFile described(String id, String uniqueId, long size) {
    return new MediaFile(id, "channel", id + ".mp4", size, "video/mp4", MediaType.VIDEO, Instant.EPOCH, null, null,
        null, null, uniqueId, false);
  }

  private static String read(LocalRegion region) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) region.size());
    while (buffer.hasRemaining() && region.channel().read(buffer, buffer.position()) >= 0) {
      // positional reads until full
    }
    return new String(buffer.array(), StandardCharsets.UTF_8);
  }
}
