package io.relationshippolicy.system;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Human explanations of reason and obligation codes, in the languages of the article's editions:
 * English, Brazilian Portuguese and French. Codes are the contract; messages are for people.
 */
public final class Messages {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("pt-BR"), Locale.FRENCH);
    private static final String BUNDLE = "i18n.messages";

    private Messages() {
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
        } catch (IllegalArgumentException malformed) {
            return Locale.ENGLISH;
        }
        return Locale.ENGLISH;
    }

    public static String message(String code, Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        try {
            return bundle.getString(code);
        } catch (MissingResourceException e) {
            return code;
        }
    }

    /** True when the bundle of that exact language defines the code (used by the guard test). */
    public static boolean has(String code, Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return bundle.containsKey(code);
    }
}
