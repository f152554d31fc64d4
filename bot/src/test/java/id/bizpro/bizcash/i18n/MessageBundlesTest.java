package id.bizpro.bizcash.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every user-facing text exists in Indonesian and in English. */
class MessageBundlesTest {

  @ParameterizedTest
  @ValueSource(strings = {"messages", "notify_messages", "statement_messages", "admin_messages"})
  void the_indonesian_and_english_bundles_have_the_same_keys(String bundle) throws Exception {
    assertEquals(new TreeSet<>(load(bundle + ".properties").stringPropertyNames()),
        new TreeSet<>(load(bundle + "_en.properties").stringPropertyNames()));
  }

  private static Properties load(String name) throws Exception {
    Properties p = new Properties();
    try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }
}
