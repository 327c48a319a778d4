package io.relationshippolicy.web;

import io.micronaut.context.AbstractMessageSource;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The words of the pages ({@code i18n/pages*.properties}, {@code console*}, {@code compliance*}) in English, Brazilian Portuguese and French. A
 * language without a bundle reads English, whatever the machine's own locale is.
 */
@Singleton
public class PageMessages extends AbstractMessageSource {

    /** The pages' words, then the console's: the auditors' and the compliance team's pages keep their own files. */
    private static final java.util.List<String> BUNDLES = java.util.List.of("i18n.pages", "i18n.console", "i18n.compliance");
    private static final String SERVICE = "service.";
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
                // not in this bundle (or no such bundle yet): the next one
            }
        }
        // a service added to the catalogue (policy.services) without words of its own is shown by its id
        return code.startsWith(SERVICE) ? Optional.of(code.substring(SERVICE.length())) : Optional.empty();
    }
}
