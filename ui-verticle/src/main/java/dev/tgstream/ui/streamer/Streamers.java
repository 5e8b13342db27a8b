package dev.tgstream.ui.streamer;

import dev.tgstream.stream.api.StreamerService;
import io.vertx.ext.healthchecks.HealthChecks;

import java.util.function.Consumer;

/**
 * What {@link StreamerFactory} hands the UI: the streamer it calls, what its HTTP side may know about the path
 * (for /raw-stream and the admin view), the readiness checks that belong to that path, and how to stop it.
 */
public record Streamers(StreamerService service, StreamerPath path, Consumer<HealthChecks> readyChecks,
                        Runnable close) {
}
