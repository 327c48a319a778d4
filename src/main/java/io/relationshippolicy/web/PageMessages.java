package io.relationshippolicy.web;

import io.micronaut.context.AbstractMessageSource;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The words of the pages in English, Brazilian Portuguese and French: {@code i18n/pages*.properties}, then the
 * console's {@code i18n/console*.properties} (a key is looked up in that order). A language without a bundle reads
 * English, whatever the machine's own locale is.
 */
@Singleton
public class PageMessages extends AbstractMessageSource {

    private static final List<String> BUNDLES = List.of("i18n.pages", "i18n.console");
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    @Override
    public Optional<String> getRawMessage(String code, MessageContext context) {
        Locale locale = context.getLocale(Locale.ENGLISH);
        Locale edition = locale.getLanguage().equals("pt") ? Locale.forLanguageTag("pt-BR")
                : locale.getLanguage().equals("fr") ? Locale.FRENCH : Locale.ROOT;
        for (String bundle : BUNDLES) {
            try {
                return Optional.of(ResourceBundle.getBundle(bundle, edition, PageMessages.class.getClassLoader(), NO_FALLBACK).getString(code));
            } catch (MissingResourceException absent) {
                // the next bundle may have it
            }
        }
        return Optional.empty();
    }
}
