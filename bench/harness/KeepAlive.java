package harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A keep-alive HTTP/1.1 connection that reconnects when the server closes it. */
public final class KeepAlive {
  final int port;
  Socket socket;
  InputStream in;
  OutputStream out;
  final byte[] buf = new byte[1 << 16];
  int bufStart;
  int bufEnd;

  public KeepAlive(int port) {
    this.port = port;
  }

  void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) Reader.READ_TIMEOUT.toMillis());
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    bufStart = bufEnd = 0;
  }

  public long get(String path, String range, long expect) throws IOException {
    if (socket == null) {
      connect();
    }
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nRange: " + range + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    // header
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int end;
    while (true) {
      if (bufStart == bufEnd) {
        fill();
      }
      head.write(buf, bufStart, bufEnd - bufStart);
      byte[] h = head.toByteArray();
      end = Reader.indexOfHeaderEnd(h, 0);
      if (end >= 0) {
        int consumedFromBuf = (end + 4) - (h.length - (bufEnd - bufStart));
        bufStart += consumedFromBuf;
        String text = new String(h, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        long length = -1;
        boolean close = false;
        for (String l : lines) {
          int c = l.indexOf(':');
          if (c > 0) {
            String name = l.substring(0, c).trim();
            String value = l.substring(c + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
              length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
              close = true;
            }
          }
        }
        if (status != 206 || length != expect) {
          throw new IOException("expected 206 with " + expect + " bytes, got " + lines[0] + " length " + length);
        }
        long left = length;
        while (left > 0) {
          if (bufStart == bufEnd) {
            fill();
          }
          int n = (int) Math.min(left, bufEnd - bufStart);
          bufStart += n;
          left -= n;
        }
        if (close) {
          close();
        }
        return length;
      }
      bufStart = bufEnd;
      if (head.size() > 64 * 1024) {
        throw new IOException("response header too large");
      }
    }
  }

  void fill() throws IOException {
    int n = in.read(buf);
    if (n < 0) {
      throw new IOException("connection closed");
    }
    bufStart = 0;
    bufEnd = n;
  }

  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
      socket = null;
    }
  }
}
