package io.relationshippolicy.policy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The messages of reason and obligation codes, kept with the rules that use them
 * ({@code messages_en.properties}, {@code messages_pt_BR.properties}, {@code messages_fr.properties} in the
 * rules folder, key = code) and versioned and activated with them. Codes are the contract; messages are for
 * people, in the languages of the article's editions.
 */
public final class RuleMessages {

    /** The language of each messages file, in the order the gates report them. */
    public static final Map<String, Locale> FILES = files();
    /** Codes the service itself gives (the default deny), which every rules version must explain too. */
    public static final List<String> SERVICE_CODES = List.of(Decision.NO_RULE_ALLOWS);

    private static Map<String, Locale> files() {
        Map<String, Locale> files = new LinkedHashMap<>();
        files.put("messages_en.properties", Locale.ENGLISH);
        files.put("messages_pt_BR.properties", Locale.forLanguageTag("pt-BR"));
        files.put("messages_fr.properties", Locale.FRENCH);
        return files;
    }

    /** A code without a message in one language. */
    public record Missing(String file, String code) {
    }

    private final Map<String, Map<String, String>> byFile;

    private RuleMessages(Map<String, Map<String, String>> byFile) {
        this.byFile = byFile;
    }

    /** The messages of a rules folder (relative path to text); a missing file has no messages. */
    public static RuleMessages of(Map<String, String> folder) {
        Map<String, Map<String, String>> byFile = new LinkedHashMap<>();
        for (String file : FILES.keySet()) {
            Map<String, String> messages = new LinkedHashMap<>();
            String text = folder.get(file);
            if (text != null) {
                Properties properties = new Properties();
                try {
                    properties.load(new StringReader(text));
                } catch (IOException | IllegalArgumentException e) {
                    // a malformed escape leaves the file without messages; the gate then names every code it lacks
                    properties.clear();
                }
                properties.stringPropertyNames().forEach(k -> {
                    String value = properties.getProperty(k).strip();
                    if (!value.isEmpty()) {
                        messages.put(k.strip(), value);
                    }
                });
            }
            byFile.put(file, Map.copyOf(messages));
        }
        return new RuleMessages(Map.copyOf(byFile));
    }

    /** Every code of {@code codes} (and the service's own codes) that lacks a message in one of the languages. */
    public List<Missing> missing(Collection<String> codes) {
        List<Missing> missing = new ArrayList<>();
        List<String> all = new ArrayList<>(SERVICE_CODES);
        codes.stream().filter(c -> !SERVICE_CODES.contains(c)).forEach(all::add);
        for (String file : FILES.keySet()) {
            for (String code : all) {
                if (!byFile.get(file).containsKey(code)) {
                    missing.add(new Missing(file, code));
                }
            }
        }
        return missing;
    }

    private static String fileOf(Locale locale) {
        if (locale != null && "pt".equals(locale.getLanguage())) {
            return "messages_pt_BR.properties";
        }
        if (locale != null && "fr".equals(locale.getLanguage())) {
            return "messages_fr.properties";
        }
        return "messages_en.properties";
    }

    /** The message of {@code code} in {@code locale}'s language (English when not one of the three). */
    public String message(String code, Locale locale) {
        String message = byFile.get(fileOf(locale)).get(code);
        if (message == null) {
            message = byFile.get("messages_en.properties").get(code);
        }
        return message == null ? code : message;
    }

    /** True when the file of exactly that language explains {@code code}. */
    public boolean has(String code, Locale locale) {
        return byFile.get(fileOf(locale)).containsKey(code);
    }
}
