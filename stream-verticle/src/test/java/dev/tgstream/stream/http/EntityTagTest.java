package dev.tgstream.stream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagTest {

  private static final EntityTag STRONG = new EntityTag(false, "v1");
  private static final EntityTag WEAK = new EntityTag(true, "v1");

  @Test
  void parsesStrongAndWeakTags() {
    assertEquals(Optional.of(STRONG), EntityTag.parse("\"v1\""));
    assertEquals(Optional.of(WEAK), EntityTag.parse(" W/\"v1\" "));
    assertEquals(Optional.of(new EntityTag(false, "")), EntityTag.parse("\"\""));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"v1", "\"v1", "w/\"v1\"", "\"v 1\"", "\"v1\" x", "\"a\"\"b\"", "*", ""})
  void rejectsWhatIsNotOneEntityTag(String value) {
    assertEquals(Optional.empty(), EntityTag.parse(value));
  }

  @Test
  void comparisonFunctionsFollowRfc9110Table() {
    EntityTag other = new EntityTag(false, "v2");
    assertTrue(STRONG.strongMatch(STRONG));
    assertFalse(WEAK.strongMatch(WEAK));
    assertFalse(WEAK.strongMatch(STRONG));
    assertFalse(STRONG.strongMatch(other));
    assertTrue(WEAK.weakMatch(WEAK));
    assertTrue(WEAK.weakMatch(STRONG));
    assertFalse(STRONG.weakMatch(other));
  }

  @Test
  void listKeepsValidMembersAndQuotedCommas() {
    assertEquals(List.of(new EntityTag(false, "a,b"), WEAK, STRONG),
        EntityTag.parseList(" \"a,b\" ,, W/\"v1\", junk, \"v1\" "));
    assertEquals(List.of(STRONG), EntityTag.parseList("\"x\" trailing, \"v1\""));
    assertEquals(List.of(), EntityTag.parseList(""));
  }

  @Test
  void printsTheFieldForm() {
    assertEquals("\"v1\"", STRONG.toString());
    assertEquals("W/\"v1\"", WEAK.toString());
  }

  @Test
  void constructorRejectsCharactersATagCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> new EntityTag(false, "a\"b"));
    assertThrows(IllegalArgumentException.class, () -> new EntityTag(false, "a b"));
  }
}
