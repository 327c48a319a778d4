package io.relationshippolicy.system;

import io.relationshippolicy.policy.Decision;
import io.relationshippolicy.policy.RuleMessages;
import io.relationshippolicy.rules.RuleFolder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reason and obligation code the rules can produce has a message in English, Brazilian Portuguese and
 * French, in the rules folder's messages files (the build's own guard; every gate checks it too).
 */
class MessagesGuardTest {

    private static final Pattern CODE = Pattern.compile("new (?:Denial|Obligation)\\(\\s*\"([A-Z0-9_]+)\"");

    static Set<String> codesInRules() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("policy.rules.path", "rules")))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                Matcher m = CODE.matcher(Files.readString(file));
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        codes.add(Decision.NO_RULE_ALLOWS);
        return codes;
    }

    @Test
    void everyCodeHasAMessageInEveryLanguage() throws IOException {
        Set<String> codes = codesInRules();
        assertTrue(codes.size() > 15, "the rules produce codes: " + codes);
        RuleMessages messages = RuleMessages.of(RuleFolder.read(Path.of(System.getProperty("policy.rules.path", "rules"))));
        Set<String> missing = new TreeSet<>();
        for (String code : codes) {
            for (Locale locale : Messages.SUPPORTED) {
                if (!messages.has(code, locale)) {
                    missing.add(code + " [" + locale.toLanguageTag() + "]");
                }
            }
        }
        assertEquals(Set.of(), missing, "codes without a message");
    }

    @Test
    void acceptLanguagePicksTheArticlesEditions() {
        assertEquals("pt-BR", Messages.resolve("pt-BR,pt;q=0.9").toLanguageTag());
        assertEquals("pt-BR", Messages.resolve("pt").toLanguageTag());
        assertEquals("fr", Messages.resolve("fr-CA").toLanguageTag());
        assertEquals("en", Messages.resolve("de-DE").toLanguageTag());
        assertEquals("fr", Messages.resolve("de;q=1, fr;q=0.5").toLanguageTag());
        assertEquals("en", Messages.resolve(";;;garbage").toLanguageTag());
        assertEquals("en", Messages.resolve("-").toLanguageTag(), "the JDK parser fails on a bare hyphen with an index error");
    }
}
