package dev.tgstream.telegram.tdlib;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageLinkTest {

  @ParameterizedTest
  @CsvSource({
      "https://t.me/c/1234567890/42,            -1001234567890, 42",
      "http://t.me/c/1234567890/42,             -1001234567890, 42",
      "t.me/c/1234567890/42,                    -1001234567890, 42",
      "T.ME/c/1234567890/42,                    -1001234567890, 42",
      "https://t.me/c/1234567890/42/,           -1001234567890, 42",
      "https://t.me/c/1234567890/42?single,     -1001234567890, 42",
      "https://t.me/c/1234567890/42?t=95,       -1001234567890, 42",
      "https://t.me/c/1234567890/42#frag,       -1001234567890, 42",
      "'  https://t.me/c/1234567890/42  ',      -1001234567890, 42",
      "https://telegram.me/c/1234567890/42,     -1001234567890, 42",
      "https://www.t.me/c/1234567890/42,        -1001234567890, 42",
      "https://t.me/c/1234/7,                   -1000000001234, 7",
      "https://t.me/durov/1,                    @durov,         1",
      "t.me/durov/2147483647,                   @durov,         2147483647",
      "https://t.me/Some_Channel/15?single,     @Some_Channel,  15",
      "https://telegram.dog/some_channel/15,    @some_channel,  15",
      "https://t.me/s/some_channel/15,          @some_channel,  15",
      "tg://resolve?domain=some_channel&post=15, @some_channel, 15",
      "tg://privatepost?channel=1234567890&post=15, -1001234567890, 15",
  })
  void parsesPostLinks(String text, String channel, long message) {
    MessageLink link = MessageLink.parse(text);
    assertEquals(channel, link.channel());
    assertEquals(message, link.messageId());
    assertEquals(OptionalLong.empty(), link.threadId());
  }

  @ParameterizedTest
  @CsvSource({
      "https://t.me/c/1234567890/3/17039,         -1001234567890, 3, 17039",
      "t.me/some_channel/10/11,                   @some_channel, 10, 11",
      "https://t.me/some_channel/11?thread=10,    @some_channel, 10, 11",
      "tg://privatepost?channel=1234567890&post=11&thread=10, -1001234567890, 10, 11",
  })
  void parsesThreadForms(String text, String channel, long thread, long message) {
    MessageLink link = MessageLink.parse(text);
    assertEquals(channel, link.channel());
    assertEquals(message, link.messageId());
    assertEquals(OptionalLong.of(thread), link.threadId());
  }

  @Test
  void privateLinkGivesTheChatIdAndTdlibMessageId() {
    MessageLink link = MessageLink.parse("https://t.me/c/1234567890/42");
    assertEquals(OptionalLong.of(-1001234567890L), link.chatId());
    assertEquals(Optional.empty(), link.username());
    assertEquals(42L << 20, link.tdlibMessageId());
    assertEquals("https://t.me/c/1234567890/42", link.url());
  }

  @Test
  void publicLinkGivesTheUsername() {
    MessageLink link = MessageLink.parse("t.me/s/durov/7?single");
    assertEquals(Optional.of("durov"), link.username());
    assertEquals(OptionalLong.empty(), link.chatId());
    assertEquals("https://t.me/durov/7", link.url());
  }

  @Test
  void canonicalUrlKeepsTheThreadAndShortIds() {
    assertEquals("https://t.me/c/1234/3/9", MessageLink.parse("t.me/c/1234/3/9").url());
  }

  @Test
  void largestServerIdStillFitsTdlibsInt53() {
    long id = MessageLink.parse("t.me/durov/2147483647").tdlibMessageId();
    assertEquals(2147483647L * 1048576L, id);
    assertTrue(id < (1L << 53));
  }

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> MessageLink.parse(text)).getMessage();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyInputSaysWhatIsExpected(String text) {
    assertTrue(error(text).contains("https://t.me/<channel>/<post>"), error(text));
  }

  @Test
  void nullInputFails() {
    assertTrue(error(null).contains("empty"));
  }

  @Test
  void anotherHostIsRefused() {
    assertTrue(error("https://example.com/durov/1").contains("not t.me"), error("https://example.com/durov/1"));
    assertTrue(error("https://t.me.evil.com/durov/1").contains("not t.me"));
  }

  @Test
  void aChannelLinkWithoutPostIsRefused() {
    assertTrue(error("https://t.me/durov").contains("not to a post"));
    assertTrue(error("https://t.me/c/1234567890").contains("not to a post"));
    assertTrue(error("https://t.me/").contains("https://t.me/<channel>/<post>"));
    assertTrue(error("https://t.me/c/").contains("channel id after /c/ is missing"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://t.me/joinchat/AAAAAEk", "https://t.me/+AbCdEf", "t.me/%2BAbCdEf"})
  void inviteLinksAreRefused(String text) {
    assertTrue(error(text).contains("invite link"), error(text));
  }

  @Test
  void commentLinksAreRefused() {
    assertTrue(error("https://t.me/durov/5?comment=77").contains("comment"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://t.me/durov/abc", "https://t.me/durov/-5", "https://t.me/durov/1.5",
      "https://t.me/c/12ab/5", "https://t.me/c/-5/5", "https://t.me/durov/x/5", "https://t.me/durov/5?thread=x"})
  void nonNumbersAreRefused(String text) {
    assertTrue(error(text).contains("digits expected"), error(text));
  }

  @Test
  void zeroAndOutOfRangeNumbersAreRefused() {
    assertTrue(error("https://t.me/durov/0").contains("1 or more"));
    assertTrue(error("https://t.me/durov/2147483648").contains("larger than"));
    assertTrue(error("https://t.me/durov/99999999999999999999").contains("digits expected"));
    assertTrue(error("https://t.me/c/1000000000000/5").contains("too large"));
  }

  @Test
  void tooManyPartsAreRefused() {
    assertTrue(error("https://t.me/durov/1/2/3").contains("more parts"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://t.me/ab/1", "https://t.me/1durov/1", "https://t.me/du-rov/1"})
  void badUsernamesAreRefused(String text) {
    assertTrue(error(text).contains("not a channel username"), error(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://t.me/share/1", "https://t.me/addstickers/1", "https://t.me/s/"})
  void otherKindsOfTmeLinksAreRefused(String text) {
    assertTrue(error(text).contains("expected a post link"), error(text));
  }

  @Test
  void appLinksNeedAPostAndAKnownAction() {
    assertTrue(error("tg://resolve?domain=durov").contains("no post="));
    assertTrue(error("tg://resolve?domain=a&post=1").contains("domain= is not"));
    assertTrue(error("tg://join?invite=abc&post=1").contains("not a post link"));
    assertTrue(error("tg://privatepost?channel=abc&post=1").contains("digits expected"));
  }

  @Test
  void otherSchemesAndGarbageAreRefused() {
    assertTrue(error("ftp://t.me/durov/1").contains("not a Telegram link"));
    assertTrue(error("https://t.me/durov/1 2").contains("not a valid URL"));
    assertTrue(error("hello world").contains("not a valid URL"));
  }

  @Test
  void errorsQuoteTheInput() {
    assertTrue(error("https://t.me/durov").startsWith("'https://t.me/durov' is not a Telegram post link: "));
  }

  @Test
  void looksLikeLinkTellsLinksFromChannelNames() {
    assertTrue(MessageLink.looksLikeLink("https://t.me/durov/1"));
    assertTrue(MessageLink.looksLikeLink("t.me/c/1/2"));
    assertTrue(MessageLink.looksLikeLink("tg://resolve?domain=durov&post=1"));
    assertFalse(MessageLink.looksLikeLink("Movies"));
    assertFalse(MessageLink.looksLikeLink("@durov"));
    assertFalse(MessageLink.looksLikeLink("-1001234567890"));
    assertFalse(MessageLink.looksLikeLink(null));
  }

  @Test
  void theRecordRefusesChannelsThatAreNeitherForm() {
    assertThrows(IllegalArgumentException.class, () -> new MessageLink("durov", 1, OptionalLong.empty()));
    assertThrows(IllegalArgumentException.class, () -> new MessageLink("-100abc", 1, OptionalLong.empty()));
    assertThrows(IllegalArgumentException.class, () -> new MessageLink("@durov", 0, OptionalLong.empty()));
  }
}
