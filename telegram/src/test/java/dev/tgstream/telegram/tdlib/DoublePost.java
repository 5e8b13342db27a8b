package dev.tgstream.telegram.tdlib;

/**
 * One channel post of the TDLib test double: a message whose content is built from a file of the served folder.
 *
 * @param serverId  the server message id (TDLib's message id is {@code serverId << 20})
 * @param kind      the message content class, e.g. {@code messageVideo}
 * @param media     the file of the content; null for a text post
 * @param thumbnail the thumbnail file, or null
 * @param minithumbnail the minithumbnail's JPEG bytes, or null
 */
record DoublePost(long serverId, long chatId, int date, String kind, String fileName, String mime, String caption,
    int duration, int width, int height, DoubleContent media, DoubleContent thumbnail, byte[] minithumbnail) {

  long messageId() {
    return serverId << 20;
  }
}
