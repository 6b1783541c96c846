package dev.gantry.placement.query;

import java.util.Optional;

/**
 * The comparison operators of the cluster query language. A negated operator is the negation of
 * its positive counterpart where the instance has the subject; where it has not, only
 * {@code !exists} holds (see {@link Check}).
 */
enum Operator {
    EQUALS("==", "equals", Kind.VALUE, false),
    NOT_EQUALS("!=", "not_equals", Kind.VALUE, true),
    GREATER_THAN(">", "greater_than", Kind.VALUE, false),
    GREATER_THAN_EQUAL(">=", "greater_than_equal", Kind.VALUE, false),
    LESS_THAN("<", "less_than", Kind.VALUE, false),
    LESS_THAN_EQUAL("<=", "less_than_equal", Kind.VALUE, false),
    EXISTS("exists", "exists", Kind.NONE, false),
    NOT_EXISTS("!exists", "not_exists", Kind.NONE, true),
    IN("in", "in", Kind.LIST, false),
    NOT_IN("!in", "not_in", Kind.LIST, true),
    MATCHES("=~", "matches", Kind.VALUE, false),
    NOT_MATCHES("!~", "not_matches", Kind.VALUE, true);

    /** What follows the operator. */
    enum Kind { VALUE, LIST, NONE }

    private final String symbol;
    private final String word;
    private final Kind argument;
    private final boolean negated;

    Operator(String symbol, String word, Kind argument, boolean negated) {
        this.symbol = symbol;
        this.word = word;
        this.argument = argument;
        this.negated = negated;
    }

    String symbol() {
        return symbol;
    }

    String word() {
        return word;
    }

    Kind argument() {
        return argument;
    }

    boolean negated() {
        return negated;
    }

    /** The operator this one negates, or itself for a positive operator. */
    Operator positive() {
        return switch (this) {
            case NOT_EQUALS -> EQUALS;
            case NOT_EXISTS -> EXISTS;
            case NOT_IN -> IN;
            case NOT_MATCHES -> MATCHES;
            default -> this;
        };
    }

    boolean ordering() {
        return this == GREATER_THAN || this == GREATER_THAN_EQUAL || this == LESS_THAN || this == LESS_THAN_EQUAL;
    }

    /** The operator spelt {@code text}, either as its symbol or as its word. */
    static Optional<Operator> named(String text) {
        for (Operator op : values()) {
            if (op.symbol.equals(text) || op.word.equals(text)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
