package dev.gantry.placement.query;

import dev.gantry.placement.query.Token.Kind;

/**
 * Splits a cluster query into tokens on demand. The query language is context-sensitive (a bare
 * value may contain {@code :}, {@code =} or {@code *}, and {@code not_in} is an operator only
 * after a subject), so the parser asks for the kind of token its position allows: an operand or
 * connective, an operator, or a value. {@link #mark()} and {@link #reset(int)} give lookahead.
 */
final class QueryLexer {

    private static final String[] SYMBOLS = {"!exists", "!in", "==", "!=", ">=", "<=", "=~", "!~", ">", "<"};

    private final String text;
    private int pos;

    QueryLexer(String text) {
        this.text = text;
    }

    int mark() {
        return pos;
    }

    void reset(int mark) {
        pos = mark;
    }

    /** The 1-based position of the next unread character after blanks, for errors at the end. */
    int nextPosition() {
        skipBlanks();
        return pos + 1;
    }

    /** A subject word, {@code (}, {@code )}, {@code not}/{@code !}, {@code and}/{@code &&}, {@code or}/{@code ||}. */
    Token operand() {
        skipBlanks();
        int start = pos;
        if (pos >= text.length()) {
            return new Token(Kind.END, "", start + 1);
        }
        char c = text.charAt(pos);
        if (c == '(' || c == ')') {
            pos++;
            return new Token(c == '(' ? Kind.LPAREN : Kind.RPAREN, String.valueOf(c), start + 1);
        }
        if (text.startsWith("&&", pos) || text.startsWith("||", pos)) {
            pos += 2;
            return new Token(c == '&' ? Kind.AND : Kind.OR, text.substring(start, pos), start + 1);
        }
        if (c == '!') {
            pos++;
            return new Token(Kind.NOT, "!", start + 1);
        }
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            pos++;
            return new Token(Kind.OTHER, String.valueOf(c), start + 1);
        }
        String word = text.substring(start, pos);
        Kind kind = switch (word) {
            case "and" -> Kind.AND;
            case "or" -> Kind.OR;
            case "not" -> Kind.NOT;
            default -> Kind.WORD;
        };
        return new Token(kind, word, start + 1);
    }

    /** An operator by symbol or word; anything else comes back as OTHER or END. */
    Token operator() {
        skipBlanks();
        int start = pos;
        if (pos >= text.length()) {
            return new Token(Kind.END, "", start + 1);
        }
        for (String symbol : SYMBOLS) {
            boolean word = Character.isLetter(symbol.charAt(symbol.length() - 1));
            if (text.startsWith(symbol, pos) && !(word && isWordChar(pos + symbol.length()))) {
                pos += symbol.length();
                return new Token(Kind.OPERATOR, symbol, start + 1);
            }
        }
        while (isWordChar(pos)) {
            pos++;
        }
        if (pos == start) {
            pos++;
            return new Token(Kind.OTHER, String.valueOf(text.charAt(start)), start + 1);
        }
        String word = text.substring(start, pos);
        boolean known = Operator.named(word).isPresent();
        return new Token(known ? Kind.OPERATOR : Kind.OTHER, word, start + 1);
    }

    /**
     * A quoted or bare value, or the list punctuation {@code [ , ]}. A bare value runs to a blank,
     * a parenthesis, {@code &&} or {@code ||}, and in a list also to a comma or bracket (so a bare
     * regex such as {@code i-[0-9a-f]+} works after {@code =~}); quotes (single or double, no
     * escapes) allow any of those.
     */
    Token value(boolean inList) {
        skipBlanks();
        int start = pos;
        if (pos >= text.length()) {
            return new Token(Kind.END, "", start + 1);
        }
        char c = text.charAt(pos);
        switch (c) {
            case '[', ']', ',', '(', ')' -> {
                pos++;
                Kind kind = c == '[' ? Kind.LBRACKET : c == ']' ? Kind.RBRACKET : c == ',' ? Kind.COMMA : Kind.OTHER;
                return new Token(kind, String.valueOf(c), start + 1);
            }
            case '\'', '"' -> {
                int close = text.indexOf(c, pos + 1);
                if (close < 0) {
                    throw new QueryParseException(text.length() + 1, "a closing " + c,
                            " for the value quoted at position " + (start + 1));
                }
                pos = close + 1;
                return new Token(Kind.VALUE, text.substring(start + 1, close), start + 1);
            }
            default -> {
                while (pos < text.length() && !endsBareValue(pos, inList)) {
                    pos++;
                }
                if (pos == start) {
                    pos += 2;
                    return new Token(Kind.OTHER, text.substring(start, pos), start + 1);
                }
                return new Token(Kind.VALUE, text.substring(start, pos), start + 1);
            }
        }
    }

    private boolean endsBareValue(int at, boolean inList) {
        char c = text.charAt(at);
        return Character.isWhitespace(c) || c == '(' || c == ')' || (inList && (c == '[' || c == ']' || c == ','))
                || text.startsWith("&&", at) || text.startsWith("||", at);
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean isWordChar(int at) {
        if (at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        return c == '_' || (c < 128 && Character.isLetterOrDigit(c));
    }

    /** Characters of subjects and attribute names: ECS allows letters, digits and {@code - _ / \ .}; colons separate prefixes. */
    static boolean isNameChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '.' || c == '-' || c == '_' || c == '/' || c == '\\' || c == ':';
    }
}
