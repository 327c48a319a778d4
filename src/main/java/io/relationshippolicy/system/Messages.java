package io.relationshippolicy.system;

import io.relationshippolicy.policy.RuleMessages;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Human explanations of reason and obligation codes, in the languages of the article's editions: English,
 * Brazilian Portuguese and French. Codes are the contract; messages are for people. The messages live with
 * the rules ({@code rules/messages_*.properties}) and go live with them: whoever activates a rules version
 * hands its messages here, so every answer speaks the words of the rules that decide.
 */
public final class Messages {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("pt-BR"), Locale.FRENCH);

    private static volatile RuleMessages active = RuleMessages.of(Map.of());

    private Messages() {
    }

    /** Makes {@code messages} the ones every answer uses from now on (called when a rules version goes live). */
    public static void use(RuleMessages messages) {
        active = messages;
    }

    /** The best supported language for an Accept-Language header; English when none matches. */
    public static Locale resolve(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Locale.ENGLISH;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                String tag = range.getRange().toLowerCase(Locale.ROOT);
                if (tag.startsWith("pt")) {
                    return SUPPORTED.get(1);
                }
                if (tag.startsWith("fr")) {
                    return Locale.FRENCH;
                }
                if (tag.startsWith("en")) {
                    return Locale.ENGLISH;
                }
            }
        } catch (RuntimeException malformed) {
            // the JDK's parser throws more than IllegalArgumentException on some headers ("-" gives an index error)
            return Locale.ENGLISH;
        }
        return Locale.ENGLISH;
    }

    public static String message(String code, Locale locale) {
        return active.message(code, locale);
    }
}
