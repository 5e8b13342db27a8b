package dev.tgstream.telegram;

import io.vertx.core.buffer.Buffer;

/** A thumbnail image and its content type. */
public record Thumbnail(Buffer bytes, String mime) {
}
