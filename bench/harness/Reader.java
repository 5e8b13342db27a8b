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
  int pending; // body bytes already in buf after the header
  int status;

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
    }
    return (firstByteAt - sentAt) / 1e9;
  }

  public void readAtLeast(long bytes) throws IOException {
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
