package dev.tgstream.telegram.tdlib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The accounts the TDLib test double knows, and its stand-in for {@code td.binlog}: a small checksummed text file the
 * double writes into database_directory once a login succeeds, so that a client started later on the same folder is
 * authorized at once (session restore). Not TDLib's binlog format; only the double reads it.
 */
final class DoubleAccounts {

  static final String BINLOG = "td.binlog";
  private static final String MAGIC = "TDLIB-TEST-DOUBLE-BINLOG v1";

  final Set<String> botTokens;
  final String phone;
  final String code;
  final String password;

  DoubleAccounts(Set<String> botTokens, String phone, String code, String password) {
    this.botTokens = Set.copyOf(botTokens);
    this.phone = phone;
    this.code = code;
    this.password = password;
  }

  /** An authorized account: a bot (by token) or the user (by phone). */
  record Account(boolean bot, String identity) {
  }

  void write(Path databaseDirectory, Account account) throws IOException {
    String body = MAGIC + "\n" + (account.bot() ? "bot" : "user") + "\n" + account.identity() + "\n";
    Files.createDirectories(databaseDirectory);
    Files.writeString(databaseDirectory.resolve(BINLOG), body + checksum(body) + "\n", StandardCharsets.UTF_8);
  }

  /** The account a valid binlog in the folder belongs to; empty when absent, corrupt or for an unknown account. */
  Optional<Account> read(Path databaseDirectory) {
    Path file = databaseDirectory.resolve(BINLOG);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
      if (lines.length != 4 || !lines[0].equals(MAGIC)) {
        return Optional.empty();
      }
      String body = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n";
      if (!checksum(body).equals(lines[3])) {
        return Optional.empty();
      }
      boolean bot = lines[1].equals("bot");
      boolean known = bot ? botTokens.contains(lines[2]) : lines[2].equals(phone);
      return known ? Optional.of(new Account(bot, lines[2])) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  void delete(Path databaseDirectory) throws IOException {
    Files.deleteIfExists(databaseDirectory.resolve(BINLOG));
  }

  private static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }
}
