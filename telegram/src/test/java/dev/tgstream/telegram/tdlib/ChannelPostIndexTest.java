package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.FilePage;
import dev.tgstream.telegram.FileQuery;
import dev.tgstream.telegram.FileSort;
import dev.tgstream.telegram.GatewayException;
import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelPostIndexTest {

  static MediaFile file(String channel, long message, String name, long size, String mime, String caption) {
    return new MediaFile(channel + "_" + message, channel, name, size, mime, MediaType.fromMime(mime),
        Instant.ofEpochSecond(1_700_000_000L + message), caption, null, null, null, "u" + message, false);
  }

  static List<String> names(FilePage page) {
    return page.items().stream().map(MediaFile::name).toList();
  }

  private final ChannelPostIndex index = new ChannelPostIndex();

  @Test
  void recordedPostsAreListedNewestFirst() {
    index.record("c", 5, file("c", 5, "b.mp4", 10, "video/mp4", null));
    index.record("c", 9, file("c", 9, "a.mp3", 20, "audio/mpeg", null));
    index.record("c", 7, file("c", 7, "c.pdf", 30, "application/pdf", null));
    assertEquals(List.of("a.mp3", "c.pdf", "b.mp4"), names(index.files("c", FileQuery.all())));
    assertEquals(3, index.count("c"));
  }

  @Test
  void queriesFilterSearchSortAndPageLikeTheLibrary() {
    for (int i = 1; i <= 10; i++) {
      String mime = i % 2 == 0 ? "video/mp4" : "audio/mpeg";
      index.record("c", i, file("c", i, "track " + i + (i % 2 == 0 ? ".mp4" : ".mp3"), i * 100L, mime,
          i == 3 ? "The Holiday special" : null));
    }
    assertEquals(List.of("track 10.mp4", "track 8.mp4", "track 6.mp4", "track 4.mp4", "track 2.mp4"),
        names(index.files("c", new FileQuery(null, MediaType.VIDEO, FileSort.DATE, null, 10))));
    assertEquals(List.of("track 3.mp3"), names(index.files("c", new FileQuery("holiday", null, null, null, 10))),
        "text matches the caption too");
    assertEquals(List.of("track 1.mp3"), names(index.files("c", new FileQuery("TRACK 1.", null, null, null, 10))));
    assertEquals("track 10.mp4", names(index.files("c", new FileQuery(null, null, FileSort.SIZE, null, 1))).get(0));

    List<String> all = new ArrayList<>();
    String cursor = null;
    do {
      FilePage page = index.files("c", new FileQuery(null, null, FileSort.NAME, cursor, 3));
      all.addAll(names(page));
      cursor = page.next();
    } while (cursor != null);
    assertEquals(10, all.size());
    assertEquals("track 1.mp3", all.get(0));
    assertEquals("track 9.mp3", all.get(9));
  }

  @Test
  void aCursorOfAnotherChannelIsRefused() {
    for (int i = 1; i <= 3; i++) {
      index.record("c", i, file("c", i, i + ".mp4", 1, "video/mp4", null));
    }
    String next = index.files("c", new FileQuery(null, null, null, null, 1)).next();
    GatewayException e = assertThrows(GatewayException.class,
        () -> index.files("d", new FileQuery(null, null, null, next, 1)));
    assertEquals(GatewayException.Kind.INVALID_REQUEST, e.kind());
  }

  @Test
  void anUnknownChannelIsEmpty() {
    FilePage page = index.files("nothing", FileQuery.all());
    assertTrue(page.items().isEmpty());
    assertNull(page.next());
    assertEquals(0, index.count("nothing"));
  }

  @Test
  void anEditReplacesAndADeletionRemoves() {
    index.record("c", 5, file("c", 5, "old.mp4", 10, "video/mp4", null));
    index.record("c", 5, file("c", 5, "new.mp4", 10, "video/mp4", "edited"));
    assertEquals(List.of("new.mp4"), names(index.files("c", FileQuery.all())));
    assertEquals("edited", index.file("c_5").orElseThrow().caption());
    index.skip("c", 5);
    assertTrue(index.files("c", FileQuery.all()).items().isEmpty());
    assertTrue(index.file("c_5").isEmpty());
  }

  @Test
  void uncheckedIdsAreWhatIsLeftBelowTheHighestPostNewestFirst() {
    assertEquals(List.of(), index.unchecked("c", 10), "nothing known yet");
    index.observe("c", 8);
    assertEquals(List.of(8L, 7L, 6L), index.unchecked("c", 3));
    index.record("c", 7, file("c", 7, "a.mp4", 1, "video/mp4", null));
    index.skip("c", 5);
    assertEquals(List.of(8L, 6L, 4L, 3L, 2L, 1L), index.unchecked("c", 100));
    assertFalse(index.complete("c"));
  }

  @Test
  void aNewPostAfterDowntimeLeavesTheGapToBackfill() {
    for (long id = 1; id <= 4; id++) {
      index.skip("c", id);
    }
    assertTrue(index.complete("c"));
    index.record("c", 9, file("c", 9, "a.mp4", 1, "video/mp4", null));
    assertEquals(List.of(8L, 7L, 6L, 5L), index.unchecked("c", 100));
  }

  @Test
  void checkedRangesMergeSoBigChannelsStayCheap() {
    index.observe("c", 1000);
    for (long id = 1000; id >= 1; id--) {
      if (id % 2 == 0) {
        index.skip("c", id);
      }
    }
    for (long id = 1; id <= 999; id += 2) {
      index.skip("c", id);
    }
    assertTrue(index.complete("c"));
    assertEquals(1, index.channels().get("c").checked.size(), "one range 1..1000");
    assertEquals(1000L, index.channels().get("c").checked.get(1L));
  }

  @Test
  void observingALowerIdChangesNothing() {
    index.observe("c", 10);
    AtomicInteger changes = new AtomicInteger();
    index.onChange(changes::incrementAndGet);
    index.observe("c", 3);
    assertEquals(0, changes.get());
    index.observe("c", 11);
    assertEquals(1, changes.get());
  }

  @Test
  void channelsAreIndependent() {
    index.record("c", 1, file("c", 1, "a.mp4", 1, "video/mp4", null));
    index.record("d", 1, file("d", 1, "b.mp4", 1, "video/mp4", null));
    assertEquals(List.of("a.mp4"), names(index.files("c", FileQuery.all())));
    assertEquals(List.of("b.mp4"), names(index.files("d", FileQuery.all())));
  }
}
