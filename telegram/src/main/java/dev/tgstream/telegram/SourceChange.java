package dev.tgstream.telegram;

import java.util.Collection;
import java.util.Set;

/**
 * What a source announces when its files change under the ids it handed out (deleted, replaced, added), so that caches
 * in front of it (metadata, listings) drop what they hold at once instead of serving it until a TTL runs out.
 *
 * @param fileIds the ids whose metadata or bytes may have changed; ignored when {@code all}
 * @param all     whether any file may have changed (a folder came or went, the source lost track of events)
 */
public record SourceChange(Set<String> fileIds, boolean all) {

  private static final SourceChange EVERYTHING = new SourceChange(Set.of(), true);

  public SourceChange {
    fileIds = Set.copyOf(fileIds);
  }

  public static SourceChange files(Collection<String> fileIds) {
    return new SourceChange(Set.copyOf(fileIds), false);
  }

  public static SourceChange everything() {
    return EVERYTHING;
  }

  /** Whether what is known about {@code fileId} may be stale now. */
  public boolean affects(String fileId) {
    return all || fileIds.contains(fileId);
  }
}
