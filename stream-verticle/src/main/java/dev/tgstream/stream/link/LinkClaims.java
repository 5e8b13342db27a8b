package dev.tgstream.stream.link;

import java.time.Instant;

/** What a verified stream token grants: one file, until {@code expiry}, with a disposition. */
public record LinkClaims(String fileId, Instant expiry, Disposition disposition) {
}
