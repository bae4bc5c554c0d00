package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.engine.citizen.CitizenAction;
import org.opendnc.server.portal.Messages;

/** Both languages have every text the pages use, and nothing else. */
class PortalMessagesTest {

  /** A literal key: text("..."), page(ctx, "...", ...), has("..."). */
  private static final Pattern KEY =
      Pattern.compile("(?:text|localize|page)\\((?:ctx, )?\"([a-zA-Z0-9_]+\\.[a-zA-Z0-9_.]*[a-zA-Z0-9_])\"");

  private static Properties bundle(String suffix) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = PortalMessagesTest.class.getResourceAsStream(
        "/org/opendnc/server/portal/messages" + suffix + ".properties")) {
      properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    return properties;
  }

  private static Set<String> usedKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    for (Path root : new Path[] {Path.of("src/main/jte"), Path.of("src/main/java/org/opendnc/server")}) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Matcher matcher = KEY.matcher(Files.readString(file));
          while (matcher.find()) {
            keys.add(matcher.group(1));
          }
        }
      }
    }
    for (Channel channel : Channel.values()) {
      keys.add("channel." + channel);
    }
    for (EventType type : EventType.values()) {
      keys.add("event." + type);
    }
    for (CitizenAction action : CitizenAction.values()) {
      keys.add("citizen.action." + action);
      keys.add("citizen.action." + action + ".hint");
      keys.add("citizen.status.done." + action);
    }
    Messages.LANGUAGES.forEach(language -> keys.add("language." + language));
    return keys;
  }

  @Test
  void bothLanguagesHaveTheSameKeysAndEveryKeyThePagesUse() throws IOException {
    Properties english = bundle("");
    Properties italian = bundle("_it");
    assertThat(italian.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(
        english.stringPropertyNames());
    Set<String> used = usedKeys();
    assertThat(used).hasSizeGreaterThan(200);
    assertThat(english.stringPropertyNames()).containsAll(used);
    for (String key : english.stringPropertyNames()) {
      assertThat(english.getProperty(key)).as(key).isNotBlank();
      assertThat(italian.getProperty(key)).as(key).isNotBlank();
    }
  }

  @Test
  void messagesFillTheirPlaceholdersAndFormatForTheLanguage() {
    Messages italian = Messages.of("it", java.time.ZoneId.of("Europe/Rome"));
    assertThat(italian.text("nav.logout", "clerk")).isEqualTo("Esci (clerk)");
    assertThat(italian.text("form.problem")).isEqualTo("C'è un problema");
    assertThat(italian.number(1_000_000)).isEqualTo("1.000.000");
    assertThat(italian.lookup("no.such.key")).isEqualTo("??no.such.key??");
    Messages english = Messages.of("fr", java.time.ZoneId.of("Europe/Rome"));
    assertThat(english.language()).as("an unknown language falls back to English").isEqualTo("en");
    assertThat(english.number(1_000_000)).isEqualTo("1,000,000");
    assertThat(english.otherLanguages()).containsExactly("it");
  }
}
