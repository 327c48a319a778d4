package io.relationshippolicy.policy;

import java.util.regex.Pattern;

/**
 * Turns what the parser or the compiler said into a sentence a compliance officer can act on: one line, no
 * stack trace, no class of the parser, the compiler or the service, no generated source.
 */
public final class ErrorMessages {

    private static final Pattern FACT_CLASS = Pattern.compile("\\bio\\.relationshippolicy\\.policy\\.(?:fact\\.)?([A-Z]\\w*)");
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.){2,}[A-Za-z_$][\\w$]*(?:\\$[\\w$]+)*");
    private static final Pattern STACK_LINE = Pattern.compile("^\\s*(at |\\.\\.\\. \\d+ more|Caused by:)");
    private static final int MAX = 400;

    private ErrorMessages() {
    }

    public static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            return "the file cannot be compiled";
        }
        String first = raw.lines().filter(l -> !l.isBlank() && !STACK_LINE.matcher(l).find()).findFirst().orElse("").trim();
        String text = FACT_CLASS.matcher(first).replaceAll("$1");
        text = QUALIFIED.matcher(text).replaceAll("(internal name)");
        text = text.replaceAll("(?i)\\b(exception|javaparser|drools|kie|ecj)\\b:?", "").replaceAll("\\s{2,}", " ").trim();
        if (text.isEmpty()) {
            text = "the file cannot be compiled";
        }
        return text.length() > MAX ? text.substring(0, MAX) + "..." : text;
    }
}
