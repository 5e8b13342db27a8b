package dev.tgstream.ui;

import dev.tgstream.stream.api.StreamerService;
import dev.tgstream.stream.http.StreamHandler;
import dev.tgstream.telegram.TelegramGateway;
import dev.tgstream.telegram.tdlib.MessageLinkResolver;
import dev.tgstream.ui.auth.LoginThrottle;
import dev.tgstream.ui.auth.SessionStore;
import dev.tgstream.ui.auth.UserStore;
import dev.tgstream.ui.media.MediaServices;
import dev.tgstream.ui.playlist.PlaylistApi;
import dev.tgstream.ui.progress.ProgressStore;
import dev.tgstream.ui.streamer.StreamerPath;
import io.vertx.ext.web.Router;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every event loop's UI server shares: the stores (one session store, so a cookie issued through one loop is
 * good on all), the sign-in throttle, the media services and caches, and the collaborators from outside. Each of
 * them is thread-safe; only the routers are per server.
 */
record UiServices(UiConfig config, TelegramGateway gateway, StreamerService streamer, StreamHandler streamHandler,
                  Consumer<Router> extraRoutes, StreamerPath streamerPath, Optional<MessageLinkResolver> postLinks,
                  UserStore users, SessionStore sessions, ProgressStore progress, LoginThrottle throttle,
                  MediaServices media, PlaylistApi playlistApi) {
}
