package dev.tgstream.telegram.tdlib;

import dev.tgstream.telegram.MediaFile;
import io.vertx.core.Future;

/**
 * Opens the post a {@link MessageLink} points at. With only bot tokens this is how a post the index has not seen yet
 * becomes reachable (bots may fetch a post by id, never list them), so opening one also records it in the index.
 */
public interface MessageLinkResolver {

  /**
   * The file of the linked post. Fails NOT_FOUND when the channel is not one of CHANNEL_IDS, the post does not exist,
   * or it holds no file.
   */
  Future<MediaFile> open(MessageLink link);
}
