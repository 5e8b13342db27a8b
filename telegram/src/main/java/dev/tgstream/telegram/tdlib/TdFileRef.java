package dev.tgstream.telegram.tdlib;

/** A TDLib file as one client knows it: its id (valid in that client only) and its size in bytes. */
public record TdFileRef(int fileId, long size) {
}
