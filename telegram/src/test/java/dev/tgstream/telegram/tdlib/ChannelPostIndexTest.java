package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.MediaType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tgstream.telegram.tdlib.IndexFixtures.CHAT;
import static dev.tgstream.telegram.tdlib.IndexFixtures.message;
import static dev.tgstream.telegram.tdlib.IndexFixtures.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelPostIndexTest {

  private final ChannelPostIndex index = new ChannelPostIndex();

  static List<String> names(ChannelPostIndex.Found found) {
    return found.posts().stream().map(IndexedPost::file).map(MediaFile::name).toList();
  }

  @Test
  void recordedPostsAreFoundNewestFirst() {
    index.record(CHAT, 5, post(5, "b.mp4", "video/mp4"));
    index.record(CHAT, 9, post(9, "a.mp3", "audio/mpeg"));
    index.record(CHAT, 7, post(7, "c.pdf", "application/pdf"));
    assertEquals(List.of("a.mp3", "c.pdf", "b.mp4"), names(index.search(CHAT, null, null, 0, 100)));
    assertEquals(3, index.count(CHAT));
  }

  @Test
  void searchFiltersByTypeAndTextAndPagesBelowAnId() {
    for (int i = 1; i <= 10; i++) {
      boolean video = i % 2 == 0;
      index.record(CHAT, i, post(message(CHAT, i, "track " + i + (video ? ".mp4" : ".mp3"), video ? "video/mp4"
          : "audio/mpeg", i * 100L, i == 3 ? "The Holiday special" : null)));
    }
    assertEquals(List.of("track 10.mp4", "track 8.mp4", "track 6.mp4", "track 4.mp4", "track 2.mp4"),
        names(index.search(CHAT, null, MediaType.VIDEO, 0, 10)));
    assertEquals(List.of("track 3.mp3"), names(index.search(CHAT, "HOLIDAY", null, 0, 10)), "caption matches too");
    assertEquals(List.of("track 1.mp3"), names(index.search(CHAT, " track 1. ", null, 0, 10)));

    ChannelPostIndex.Found first = index.search(CHAT, null, null, 0, 4);
    assertEquals(List.of("track 10.mp4", "track 9.mp3", "track 8.mp4", "track 7.mp3"), names(first));
    assertEquals(7, first.nextBelow());
    ChannelPostIndex.Found rest = index.search(CHAT, null, null, first.nextBelow(), 100);
    assertEquals(6, rest.posts().size());
    assertEquals(0, rest.nextBelow(), "nothing after the last page");
    assertEquals(0, index.search(CHAT, null, null, 0, 10).nextBelow(), "exactly one page: no next");
  }

  @Test
  void anUnknownChannelIsEmpty() {
    assertTrue(index.search(42, null, null, 0, 10).posts().isEmpty());
    assertEquals(0, index.count(42));
    assertNull(index.post(42, 1));
  }

  @Test
  void anEditReplacesAndADeletionRemoves() {
    index.record(CHAT, 5, post(5, "old.mp4", "video/mp4"));
    index.record(CHAT, 5, post(5, "new.mp4", "video/mp4"));
    assertEquals(List.of("new.mp4"), names(index.search(CHAT, null, null, 0, 10)));
    index.skip(CHAT, 5);
    assertTrue(index.search(CHAT, null, null, 0, 10).posts().isEmpty());
    assertEquals(List.of(4L, 3L, 2L, 1L), index.unchecked(CHAT, 10), "a deleted post is not fetched again");
  }

  @Test
  void uncheckedIdsAreWhatIsLeftBelowTheHighestPostNewestFirst() {
    assertEquals(List.of(), index.unchecked(CHAT, 10), "nothing known yet");
    assertTrue(index.observe(CHAT, 8));
    assertEquals(List.of(8L, 7L, 6L), index.unchecked(CHAT, 3));
    index.record(CHAT, 7, post(7, "a.mp4", "video/mp4"));
    index.skip(CHAT, 5);
    assertEquals(List.of(8L, 6L, 4L, 3L, 2L, 1L), index.unchecked(CHAT, 100));
    assertFalse(index.complete(CHAT));
  }

  @Test
  void aNewPostAfterDowntimeLeavesTheGapToBackfill() {
    for (long id = 1; id <= 4; id++) {
      index.skip(CHAT, id);
    }
    assertTrue(index.complete(CHAT));
    index.record(CHAT, 9, post(9, "a.mp4", "video/mp4"));
    assertEquals(List.of(8L, 7L, 6L, 5L), index.unchecked(CHAT, 100));
  }

  @Test
  void checkedRangesMergeSoBigChannelsStayCheap() {
    index.observe(CHAT, 1000);
    for (long id = 1000; id >= 1; id--) {
      if (id % 2 == 0) {
        index.skip(CHAT, id);
      }
    }
    for (long id = 1; id <= 999; id += 2) {
      index.skip(CHAT, id);
    }
    assertTrue(index.complete(CHAT));
    assertEquals(1, index.channels().get(CHAT).checked.size(), "one range 1..1000");
    assertEquals(1000L, index.channels().get(CHAT).checked.get(1L));
  }

  @Test
  void observingALowerIdChangesNothing() {
    index.observe(CHAT, 10);
    AtomicInteger changes = new AtomicInteger();
    index.onChange(changes::incrementAndGet);
    assertFalse(index.observe(CHAT, 3));
    assertEquals(0, changes.get());
    assertTrue(index.observe(CHAT, 11));
    assertEquals(1, changes.get());
  }

  @Test
  void channelsAreIndependent() {
    index.record(CHAT, 1, post(1, "a.mp4", "video/mp4"));
    index.record(-1009L, 1, post(message(-1009L, 1, "b.mp4", "video/mp4", 1, null)));
    assertEquals(List.of("a.mp4"), names(index.search(CHAT, null, null, 0, 10)));
    assertEquals(List.of("b.mp4"), names(index.search(-1009L, null, null, 0, 10)));
  }

  @Test
  void theStoredMessageIsCompact() {
    IndexedPost p = post(3, "a.mp4", "video/mp4");
    io.vertx.core.json.JsonObject stored = new io.vertx.core.json.JsonObject(p.message());
    assertEquals(List.of("@type", "chat_id", "content", "date", "id", "is_channel_post"),
        stored.fieldNames().stream().sorted().toList());
    assertEquals(p.file(), MessageMapper.map(stored).orElseThrow().file(), "maps to the same file");
  }
}
