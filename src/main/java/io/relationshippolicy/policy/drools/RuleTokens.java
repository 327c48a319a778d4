package io.relationshippolicy.policy.drools;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a constraint or a consequence of a rule into the few kinds of token the rule language profile
 * knows: names, string and number literals, and the comparison, boolean and punctuation symbols. Anything
 * else (a backslash, an operator such as {@code +} or {@code =}, a bracket) is refused where it stands, so
 * the profile never has to guess what Java would make of it. Comments are skipped.
 */
final class RuleTokens {

    enum Kind { NAME, STRING, NUMBER, SYMBOL, END }

    /** One token with its position: {@code line} and {@code column} are 1-based, in the rule file. */
    record Token(Kind kind, String text, int line, int column) {
        boolean is(String symbol) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equals(symbol);
        }
    }

    /** A piece of text the tokenizer cannot read, with the position of the offending character. */
    static final class Unreadable extends Exception {
        final int line;
        final int column;

        Unreadable(String message, int line, int column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private static final String[] SYMBOLS = {"==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", ",", ".", ":", ";"};

    private RuleTokens() {
    }

    /**
     * Tokens of {@code text}, which starts in the rule file at {@code line}:{@code column}. The list ends with
     * an {@link Kind#END} token.
     */
    static List<Token> of(String text, int line, int column) throws Unreadable {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int ln = line;
        int col = column;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                i++;
                ln++;
                col = 1;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                col++;
                continue;
            }
            if (text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new Unreadable("a comment opened with /* is never closed with */", ln, col);
                }
                for (int k = i; k < end + 2; k++) {
                    if (text.charAt(k) == '\n') {
                        ln++;
                        col = 1;
                    } else {
                        col++;
                    }
                }
                i = end + 2;
                continue;
            }
            int startLine = ln;
            int startColumn = col;
            if (c == '"') {
                StringBuilder literal = new StringBuilder("\"");
                int k = i + 1;
                while (true) {
                    if (k >= text.length() || text.charAt(k) == '\n') {
                        throw new Unreadable("a text literal is not closed with \" on the same line", startLine, startColumn);
                    }
                    char d = text.charAt(k);
                    if (d == '\\') {
                        throw new Unreadable("a backslash is not allowed in a text literal: write codes and texts "
                                + "with letters, digits, spaces and the usual punctuation", startLine, startColumn + (k - i));
                    }
                    literal.append(d);
                    k++;
                    if (d == '"') {
                        break;
                    }
                }
                tokens.add(new Token(Kind.STRING, literal.toString(), startLine, startColumn));
                col += k - i;
                i = k;
                continue;
            }
            if (Character.isDigit(c)) {
                int k = i;
                while (k < text.length() && (Character.isDigit(text.charAt(k)) || text.charAt(k) == '.')) {
                    k++;
                }
                if (k < text.length() && Character.isJavaIdentifierPart(text.charAt(k))) {
                    throw new Unreadable("'" + text.substring(i, k + 1) + "' is not a number: write plain decimal digits",
                            startLine, startColumn);
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(i, k), startLine, startColumn));
                col += k - i;
                i = k;
                continue;
            }
            if (Character.isJavaIdentifierStart(c)) {
                int k = i + 1;
                while (k < text.length() && Character.isJavaIdentifierPart(text.charAt(k))) {
                    k++;
                }
                String name = text.substring(i, k);
                if (!name.chars().allMatch(ch -> ch < 128)) {
                    throw new Unreadable("'" + name + "' is not a plain name: use letters a-z, A-Z, digits, '_' and '$'",
                            startLine, startColumn);
                }
                tokens.add(new Token(Kind.NAME, name, startLine, startColumn));
                col += k - i;
                i = k;
                continue;
            }
            String symbol = null;
            for (String s : SYMBOLS) {
                if (text.startsWith(s, i)) {
                    symbol = s;
                    break;
                }
            }
            if (symbol == null) {
                throw new Unreadable("'" + c + "' is not part of the rule language: constraints compare fields, bindings and "
                        + "literals with == != < <= > >=, combined with && || ! and parentheses", startLine, startColumn);
            }
            tokens.add(new Token(Kind.SYMBOL, symbol, startLine, startColumn));
            col += symbol.length();
            i += symbol.length();
        }
        tokens.add(new Token(Kind.END, "", ln, col));
        return tokens;
    }
}
