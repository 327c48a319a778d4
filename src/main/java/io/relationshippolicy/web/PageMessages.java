package io.relationshippolicy.web;

import io.micronaut.context.AbstractMessageSource;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The words of the pages ({@code i18n/pages*.properties}) in English, Brazilian Portuguese and French. A
 * language without a bundle reads English, whatever the machine's own locale is.
 */
@Singleton
public class PageMessages extends AbstractMessageSource {

    private static final String BUNDLE = "i18n.pages";
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    @Override
    public Optional<String> getRawMessage(String code, MessageContext context) {
        Locale locale = context.getLocale(Locale.ENGLISH);
        Locale edition = locale.getLanguage().equals("pt") ? Locale.forLanguageTag("pt-BR")
                : locale.getLanguage().equals("fr") ? Locale.FRENCH : Locale.ROOT;
        try {
            return Optional.of(ResourceBundle.getBundle(BUNDLE, edition, PageMessages.class.getClassLoader(), NO_FALLBACK).getString(code));
        } catch (MissingResourceException absent) {
            return Optional.empty();
        }
    }
}
