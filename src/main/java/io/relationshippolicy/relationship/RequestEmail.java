package io.relationshippolicy.relationship;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The request email a partner sends its customer (C4), in the languages of the article's editions; its
 * words live in {@code i18n/request-email*.properties}. The first two paragraphs may be edited or deleted;
 * the third carries the link, which must stay exactly as issued.
 */
final class RequestEmail {

    static final List<Integer> EDITABLE_PARAGRAPHS = List.of(0, 1);
    private static final String BUNDLE = "i18n.request-email";

    private RequestEmail() {
    }

    static LinkAnswer.Email of(String partnerName, String link, Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, supported(locale),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        List<String> paragraphs = List.of("paragraph.1", "paragraph.2", "paragraph.3").stream()
                .map(key -> new MessageFormat(bundle.getString(key), locale).format(new Object[] {partnerName, link}))
                .toList();
        return new LinkAnswer.Email(paragraphs, EDITABLE_PARAGRAPHS);
    }

    private static Locale supported(Locale locale) {
        return switch (locale.getLanguage()) {
            case "pt" -> Locale.forLanguageTag("pt-BR");
            case "fr" -> Locale.FRENCH;
            default -> Locale.ROOT;
        };
    }
}
