package dev.tgstream.telegram;

/**
 * Which files a gateway can offer as {@link LocalRegion}s ({@link TelegramGateway#localCopies()}): what a caller
 * needs to know before it describes a file, to decide whether asking for a region, or hiding a remote's latency, is
 * worth anything.
 */
public enum LocalCopies {
  /** Never: every byte comes through part reads (a remote source, or a wrapper that adds costs to reads). */
  NONE,
  /** Some files, some of the time (TDLib: a file once its whole download is on disk). */
  SOME,
  /** Every file that is still there (the library folder): there is no remote latency to hide. */
  ALL
}
