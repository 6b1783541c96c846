package dev.gantry.placement.query;

/** One lexical token of a cluster query, at its 1-based position. */
record Token(Kind kind, String text, int position) {

    enum Kind { LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, AND, OR, NOT, WORD, OPERATOR, VALUE, END, OTHER }

    /** How an error message names what was found here. */
    String describe() {
        return kind == Kind.END ? "the end of the expression" : "'" + text + "'";
    }
}
