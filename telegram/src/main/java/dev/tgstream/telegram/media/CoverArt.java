package dev.tgstream.telegram.media;

import dev.tgstream.telegram.MediaFile;
import dev.tgstream.telegram.TelegramGateway;
import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cover art embedded in audio files, read through part reads: an ID3v2 APIC/PIC frame (MP3, also FLAC files with a
 * tag in front), a FLAC PICTURE block, or MP4's moov/udta/meta/ilst/covr. The front cover is preferred when a tag
 * has several pictures. Only known image formats come out (sniffed from the bytes): the picture is served on our
 * origin, so an SVG or HTML payload must never pass as an image.
 */
public final class CoverArt {

  /** Covers are rarely over a few MiB; beyond this a tag is junk or hostile. */
  static final long BUDGET_BYTES = 12L * 1024 * 1024;
  private static final int MAX_PICTURE_BYTES = 8 * 1024 * 1024;
  private static final int FRONT_COVER = 3;

  private CoverArt() {
  }

  /** The cover of a file of any backend, or empty. Never fails. */
  public static Future<Optional<Picture>> find(TelegramGateway gateway, MediaFile file) {
    Function<PartView, Optional<Picture>> parser = parserFor(file.mime());
    if (parser == null || file.size() <= 0) {
      return Future.succeededFuture(Optional.empty());
    }
    return PartReads.run(new PartView(file.size(), MediaProbe.PART_SIZE), BUDGET_BYTES,
            (offset, length) -> gateway.readPart(file.id(), offset, length), parser)
        .otherwise(Optional.empty());
  }

  /** Whether files of this type can carry cover art we read. */
  public static boolean mayHaveCover(String mime) {
    return parserFor(mime) != null;
  }

  static Function<PartView, Optional<Picture>> parserFor(String mime) {
    if (mime == null) {
      return null;
    }
    String m = mime.toLowerCase(Locale.ROOT);
    return switch (m) {
      case "audio/mpeg", "audio/mp3" -> CoverArt::id3;
      case "audio/flac", "audio/x-flac" -> CoverArt::flac;
      case "audio/mp4", "audio/x-m4a" -> CoverArt::mp4;
      default -> null;
    };
  }

  static Optional<Picture> id3(PartView view) {
    if (view.size() < 10 || !view.matches(0, "ID3")) {
      return Optional.empty();
    }
    int major = view.u8(3);
    int flags = view.u8(5);
    long size = syncsafe(view, 6);
    if (major < 2 || major > 4 || size > BUDGET_BYTES - 64 * 1024 || 10 + size > view.size()) {
      return Optional.empty();
    }
    long end = 10 + size;
    if ((flags & 0x80) != 0 && major < 4) {
      // Whole-tag unsynchronisation (v2.2/2.3): undo it on a copy, then parse that.
      PartView copy = PartView.of(deunsync(view.bytes(10, (int) size)));
      return frames(copy, 0, copy.size(), major, (flags & 0x40) != 0);
    }
    return frames(view, 10, end, major, (flags & 0x40) != 0);
  }

  private static Optional<Picture> frames(PartView view, long at, long end, int major, boolean extendedHeader) {
    if (extendedHeader && major >= 3) {
      long extended = major == 4 ? syncsafe(view, at) : view.uintBE(at, 4) + 4;
      at += extended;
    }
    int idLength = major == 2 ? 3 : 4;
    int headerLength = major == 2 ? 6 : 10;
    Picture first = null;
    while (at + headerLength <= end) {
      if (view.u8(at) == 0) {
        break; // padding
      }
      String id = new String(view.bytes(at, idLength), java.nio.charset.StandardCharsets.ISO_8859_1);
      long length = major == 2 ? view.uintBE(at + 3, 3) : major == 4 ? syncsafe(view, at + 4) : view.uintBE(at + 4, 4);
      int frameFlags = major == 2 ? 0 : (int) view.uintBE(at + 8, 2);
      long data = at + headerLength;
      if (length <= 0 || data + length > end) {
        break;
      }
      // Compressed or encrypted frames (v2.3: 0x0080/0x0040; v2.4: 0x0008/0x0004) are not worth decoding for this.
      boolean opaque = major == 3 ? (frameFlags & 0xC0) != 0 : major == 4 && (frameFlags & 0x0C) != 0;
      if ((id.equals("APIC") || id.equals("PIC")) && !opaque && length <= MAX_PICTURE_BYTES) {
        byte[] body = view.bytes(data, (int) length);
        if (major == 4 && (frameFlags & 0x02) != 0) {
          body = deunsync(body);
        }
        Optional<Object[]> picture = apic(body, id.equals("PIC"));
        if (picture.isPresent()) {
          Picture p = (Picture) picture.get()[0];
          if ((int) picture.get()[1] == FRONT_COVER) {
            return Optional.of(p);
          }
          first = first == null ? p : first;
        }
      }
      at = data + length;
    }
    return Optional.ofNullable(first);
  }

  /** {picture, picture type} of an APIC (or v2.2 PIC) body. */
  private static Optional<Object[]> apic(byte[] b, boolean v22) {
    if (b.length < 4) {
      return Optional.empty();
    }
    int encoding = b[0] & 0xff;
    int at = 1;
    String declared;
    if (v22) {
      declared = "image/" + new String(b, 1, 3, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      at = 4;
    } else {
      int zero = at;
      while (zero < b.length && b[zero] != 0) {
        zero++;
      }
      declared = new String(b, at, zero - at, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      at = zero + 1;
    }
    if (at >= b.length) {
      return Optional.empty();
    }
    int type = b[at++] & 0xff;
    // The description ends with one zero byte (ISO-8859-1, UTF-8) or two aligned ones (UTF-16).
    boolean wide = encoding == 1 || encoding == 2;
    while (at < b.length) {
      if (wide) {
        if (at + 1 < b.length && b[at] == 0 && b[at + 1] == 0) {
          at += 2;
          break;
        }
        at += 2;
      } else {
        if (b[at++] == 0) {
          break;
        }
      }
    }
    if (at >= b.length) {
      return Optional.empty();
    }
    byte[] image = java.util.Arrays.copyOfRange(b, at, b.length);
    String mime = Picture.sniff(image, declared.equals("image/jpg") ? "image/jpeg" : declared);
    return mime == null ? Optional.empty() : Optional.of(new Object[] {new Picture(image, mime), type});
  }

  static Optional<Picture> flac(PartView view) {
    long at = 0;
    if (view.matches(0, "ID3")) {
      Optional<Picture> tagged = id3(view);
      if (tagged.isPresent()) {
        return tagged;
      }
      at = 10 + syncsafe(view, 6);
    }
    if (!view.matches(at, "fLaC")) {
      return Optional.empty();
    }
    at += 4;
    Picture first = null;
    for (int i = 0; i < 128 && at + 4 <= view.size(); i++) {
      int header = view.u8(at);
      long length = view.uintBE(at + 1, 3);
      long body = at + 4;
      if ((header & 0x7f) == 6 && length <= MAX_PICTURE_BYTES && length >= 32) {
        int type = (int) view.uintBE(body, 4);
        long mimeLength = view.uintBE(body + 4, 4);
        long descAt = body + 8 + mimeLength;
        long descLength = view.uintBE(descAt, 4);
        long dataLengthAt = descAt + 4 + descLength + 16;
        long dataLength = view.uintBE(dataLengthAt, 4);
        if (mimeLength < 256 && dataLengthAt + 4 + dataLength <= body + length) {
          String declared = new String(view.bytes(body + 8, (int) mimeLength),
              java.nio.charset.StandardCharsets.ISO_8859_1);
          byte[] image = view.bytes(dataLengthAt + 4, (int) dataLength);
          String mime = Picture.sniff(image, declared);
          if (mime != null) {
            if (type == FRONT_COVER) {
              return Optional.of(new Picture(image, mime));
            }
            first = first == null ? new Picture(image, mime) : first;
          }
        }
      }
      if ((header & 0x80) != 0) {
        break; // the last metadata block
      }
      at = body + length;
    }
    return Optional.ofNullable(first);
  }

  static Optional<Picture> mp4(PartView view) {
    Optional<ByteBuffer> moov = Mp4Metadata.findMoov(view);
    if (moov.isEmpty()) {
      return Optional.empty();
    }
    try {
      for (Mp4Metadata.Box udta : Mp4Metadata.children(moov.get())) {
        if (!udta.type().equals("udta")) {
          continue;
        }
        for (Mp4Metadata.Box meta : Mp4Metadata.children(udta.body())) {
          if (!meta.type().equals("meta") || meta.body().limit() < 4) {
            continue;
          }
          // meta is a full box: version and flags come before its children.
          for (Mp4Metadata.Box ilst : Mp4Metadata.children(meta.body().slice(4, meta.body().limit() - 4))) {
            if (!ilst.type().equals("ilst")) {
              continue;
            }
            for (Mp4Metadata.Box item : Mp4Metadata.children(ilst.body())) {
              if (!item.type().equals("covr")) {
                continue;
              }
              for (Mp4Metadata.Box data : Mp4Metadata.children(item.body())) {
                if (data.type().equals("data") && data.body().limit() > 8) {
                  ByteBuffer body = data.body();
                  byte[] image = new byte[body.limit() - 8];
                  body.get(8, image);
                  String mime = Picture.sniff(image, null);
                  if (mime != null) {
                    return Optional.of(new Picture(image, mime));
                  }
                }
              }
            }
          }
        }
      }
    } catch (RuntimeException e) {
      throw new MalformedMedia("bad metadata boxes: " + e);
    }
    return Optional.empty();
  }

  private static long syncsafe(PartView view, long at) {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 7) | (view.u8(at + i) & 0x7f);
    }
    return v;
  }

  /** Undoes ID3 unsynchronisation: every 0xFF 0x00 becomes 0xFF. */
  static byte[] deunsync(byte[] in) {
    byte[] out = new byte[in.length];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      out[n++] = in[i];
      if ((in[i] & 0xff) == 0xFF && i + 1 < in.length && in[i + 1] == 0) {
        i++;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
