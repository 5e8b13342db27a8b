package dev.tgstream.telegram.media;

import java.nio.charset.StandardCharsets;

/**
 * EBML, Matroska's binary XML: every element is an id (1–4 bytes, its length marker kept, as the spec writes ids),
 * a size (a 1–8 byte variable-length integer; all ones means "unknown", used by live recordings) and the data.
 * Reads through a {@link PartView}, so a header costs at most one part fetch.
 */
final class Ebml {

  /** One element header: where it starts, its id, where its data starts, and its size (-1 when unknown). */
  record Element(long position, long id, long dataStart, long size) {
    boolean sizeKnown() {
      return size >= 0;
    }

    long end() {
      return dataStart + size;
    }
  }

  private Ebml() {
  }

  static Element element(PartView view, long at) {
    int first = view.u8(at);
    int idLength = Integer.numberOfLeadingZeros(first) - 24 + 1;
    if (first == 0 || idLength > 4) {
      throw new MalformedMedia("bad element id at " + at);
    }
    long id = view.uintBE(at, idLength);
    long sizeAt = at + idLength;
    int sizeFirst = view.u8(sizeAt);
    if (sizeFirst == 0) {
      throw new MalformedMedia("bad element size at " + sizeAt);
    }
    int sizeLength = Integer.numberOfLeadingZeros(sizeFirst) - 24 + 1;
    long raw = view.uintBE(sizeAt, sizeLength);
    long value = raw & ((1L << (7 * sizeLength)) - 1);
    boolean unknown = value == (1L << (7 * sizeLength)) - 1;
    return new Element(at, id, sizeAt + sizeLength, unknown ? -1 : value);
  }

  /** A variable-length integer (as in block track numbers) at {@code at}: {value, length}. */
  static long[] vint(PartView view, long at) {
    int first = view.u8(at);
    if (first == 0) {
      throw new MalformedMedia("bad vint at " + at);
    }
    int length = Integer.numberOfLeadingZeros(first) - 24 + 1;
    long raw = view.uintBE(at, length);
    return new long[] {raw & ((1L << (7 * length)) - 1), length};
  }

  static long uint(PartView view, Element e) {
    if (e.size() < 0 || e.size() > 8) {
      throw new MalformedMedia("bad integer element at " + e.position());
    }
    return e.size() == 0 ? 0 : view.uintBE(e.dataStart(), (int) e.size());
  }

  static double floatValue(PartView view, Element e) {
    if (e.size() == 4) {
      return Float.intBitsToFloat((int) view.uintBE(e.dataStart(), 4));
    }
    if (e.size() == 8) {
      return Double.longBitsToDouble(view.uintBE(e.dataStart(), 8));
    }
    if (e.size() == 0) {
      return 0;
    }
    throw new MalformedMedia("bad float element at " + e.position());
  }

  static String string(PartView view, Element e, int maxBytes) {
    if (e.size() < 0 || e.size() > maxBytes) {
      throw new MalformedMedia("string too long at " + e.position());
    }
    byte[] bytes = view.bytes(e.dataStart(), (int) e.size());
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  /** Checks a child lies inside its parent: a size that overruns the parent is corruption. */
  static void within(Element child, long parentEnd) {
    if (!child.sizeKnown() || child.end() > parentEnd) {
      throw new MalformedMedia("element at " + child.position() + " overruns its parent");
    }
  }
}
