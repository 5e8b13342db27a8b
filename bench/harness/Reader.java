package harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One GET on its own connection; measures the arrival of the first body byte. */
public final class Reader implements AutoCloseable {

  static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

  final Socket socket;
  final InputStream in;
  final long sentAt;
  long firstByteAt = -1;
  long contentLength = -1;
  long bodyRead;
  final byte[] buf = new byte[1 << 16];
  int pending; // body bytes already in buf after the header (or after firstByteSeconds), not yet handed to read()
  int pendingOff;
  int status;
  String headText = "";

  private Reader(Socket socket, long sentAt) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.sentAt = sentAt;
  }

  static Reader open(int port, String path, String range) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout((int) Reader.READ_TIMEOUT.toMillis());
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + (range != null ? "Range: " + range + "\r\n" : "") + "Connection: close\r\n\r\n";
    long t0 = System.nanoTime();
    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    Reader r = new Reader(s, t0);
    r.readHeader();
    return r;
  }

  void readHeader() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("connection closed in the response header");
      }
      int start = head.size();
      head.write(buf, 0, n);
      byte[] h = head.toByteArray();
      int end = indexOfHeaderEnd(h, Math.max(0, start - 3));
      if (end >= 0) {
        String text = new String(h, 0, end, StandardCharsets.ISO_8859_1);
        parseHead(text);
        int extra = h.length - (end + 4);
        if (extra > 0) {
          firstByteAt = System.nanoTime();
          System.arraycopy(h, end + 4, buf, 0, extra);
        }
        pending = extra;
        bodyRead = extra;
        return;
      }
      if (head.size() > 64 * 1024) {
        throw new IOException("response header too large");
      }
    }
  }

  void parseHead(String text) throws IOException {
    headText = text;
    String[] lines = text.split("\r\n");
    String[] statusLine = lines[0].split(" ");
    status = Integer.parseInt(statusLine[1]);
    if (status != 200 && status != 206) {
      throw new IOException("HTTP " + status + ": " + lines[0]);
    }
    for (String l : lines) {
      int c = l.indexOf(':');
      if (c > 0 && l.substring(0, c).trim().equalsIgnoreCase("content-length")) {
        contentLength = Long.parseLong(l.substring(c + 1).trim());
      }
    }
  }

  public double firstByteSeconds() throws IOException {
    if (firstByteAt < 0) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("no body");
      }
      firstByteAt = System.nanoTime();
      bodyRead += n;
      pending = n; // kept for read()
      pendingOff = 0;
    }
    return (firstByteAt - sentAt) / 1e9;
  }

  public int status() {
    return status;
  }

  /** The response's Content-Length, or -1 when it had none. */
  public long contentLength() {
    return contentLength;
  }

  /** The value of a response header (the first of that name), or null. */
  public String header(String name) {
    for (String l : headText.split("\r\n")) {
      int c = l.indexOf(':');
      if (c > 0 && l.substring(0, c).trim().equalsIgnoreCase(name)) {
        return l.substring(c + 1).trim();
      }
    }
    return null;
  }

  /**
   * The next body bytes into {@code dst} (for a caller that checks them): returns how many, or -1 at the end of the
   * body (Content-Length reached, or the connection closed).
   */
  public int read(byte[] dst, int off, int len) throws IOException {
    if (pending > 0) {
      int n = Math.min(len, pending);
      System.arraycopy(buf, pendingOff, dst, off, n);
      pendingOff += n;
      pending -= n;
      return n;
    }
    long left = contentLength >= 0 ? contentLength - bodyRead : Long.MAX_VALUE;
    if (left <= 0) {
      return -1;
    }
    int n = in.read(dst, off, (int) Math.min(len, left));
    if (n > 0) {
      if (firstByteAt < 0) {
        firstByteAt = System.nanoTime();
      }
      bodyRead += n;
    }
    return n;
  }

  public void readAtLeast(long bytes) throws IOException {
    pending = 0; // buf is overwritten below: what was pending is only counted, not handed out
    while (bodyRead < bytes) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("body ended at " + bodyRead);
      }
      if (firstByteAt < 0) {
        firstByteAt = System.nanoTime();
      }
      bodyRead += n;
    }
  }

  public long readToEnd() throws IOException {
    pending = 0;
    long limit = contentLength >= 0 ? contentLength : Long.MAX_VALUE;
    while (bodyRead < limit) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, limit - bodyRead));
      if (n < 0) {
        if (contentLength >= 0) {
          throw new IOException("body ended at " + bodyRead + " of " + contentLength);
        }
        break;
      }
      if (firstByteAt < 0) {
        firstByteAt = System.nanoTime();
      }
      bodyRead += n;
    }
    return bodyRead;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Where the header ends (the index of CR LF CR LF), or -1. */
  static int indexOfHeaderEnd(byte[] b, int from) {
    for (int i = Math.max(0, from); i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
