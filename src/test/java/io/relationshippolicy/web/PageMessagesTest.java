package io.relationshippolicy.web;

import io.micronaut.context.MessageSource;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages speak the article's three editions, every word in all three, whatever the machine's own locale. */
class PageMessagesTest {

    private final PageMessages messages = new PageMessages();

    private String message(String code, Locale locale) {
        return messages.getMessage(code, MessageSource.MessageContext.of(locale)).orElse(null);
    }

    @Test
    void everyWordExistsInTheThreeLanguages() throws Exception {
        Set<String> english = keys("/i18n/pages.properties");
        assertEquals(english, keys("/i18n/pages_pt_BR.properties"), "Brazilian Portuguese has the same words");
        assertEquals(english, keys("/i18n/pages_fr.properties"), "French has the same words");
    }

    @Test
    void eachLanguageReadsItsOwnEditionAndOthersReadEnglish() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.FRENCH);
            assertEquals("Sign in", message("signin.title", Locale.ENGLISH), "English even on a French machine");
            assertEquals("Sign in", message("signin.title", Locale.GERMAN));
            assertEquals("Entrar", message("signin.title", Locale.forLanguageTag("pt-BR")));
            assertEquals("Se connecter", message("signin.title", Locale.forLanguageTag("fr-CA")));
        } finally {
            Locale.setDefault(before);
        }
        assertEquals("Microsoft 365", message("service.MICROSOFT_365", Locale.ENGLISH));
        assertEquals("POWER_BI", message("service.POWER_BI", Locale.ENGLISH), "a configured service without words shows its id");
        assertTrue(messages.getMessage("no.such.key", MessageSource.MessageContext.of(Locale.ENGLISH)).isEmpty());
    }

    private static Set<String> keys(String resource) throws Exception {
        Properties p = new Properties();
        try (var in = PageMessagesTest.class.getResourceAsStream(resource); var reader = new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        return new TreeSet<>(p.stringPropertyNames());
    }
}
