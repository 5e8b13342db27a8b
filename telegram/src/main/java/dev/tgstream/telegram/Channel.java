package dev.tgstream.telegram;

/** A channel: {@code id} is URL-safe ([A-Za-z0-9_-]+) and stable across restarts. */
public record Channel(String id, String title, int count) {
}
