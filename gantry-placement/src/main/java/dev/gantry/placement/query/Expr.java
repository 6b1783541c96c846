package dev.gantry.placement.query;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The syntax tree of a cluster query: plain data, so two parses of the same query are equal.
 * {@link #print()} writes the canonical form, which parses back to an equal tree: it puts
 * parentheses only where precedence (not over and over or, left-associative) needs them.
 */
sealed interface Expr {

    record Or(Expr left, Expr right) implements Expr {}

    record And(Expr left, Expr right) implements Expr {}

    record Not(Expr operand) implements Expr {}

    /** One {@code subject operator [argument]}; {@code attributeName} is empty unless the subject is an attribute. */
    record Condition(Subject subject, String attributeName, Operator operator, List<String> arguments) implements Expr {
        public Condition {
            arguments = List.copyOf(arguments);
        }

        String subjectText() {
            return subject == Subject.ATTRIBUTE ? subject.spelling() + attributeName : subject.spelling();
        }
    }

    default String print() {
        return switch (this) {
            case Or(Expr left, Expr right) -> operand(left, 1, false) + " or " + operand(right, 1, true);
            case And(Expr left, Expr right) -> operand(left, 2, false) + " and " + operand(right, 2, true);
            case Not(Expr operand) -> "not " + operand(operand, 3, false);
            case Condition c -> printCondition(c);
        };
    }

    private static int precedence(Expr e) {
        return switch (e) {
            case Or o -> 1;
            case And a -> 2;
            case Not n -> 3;
            case Condition c -> 4;
        };
    }

    /** A right operand of equal precedence needs parentheses to keep the left-associative shape. */
    private static String operand(Expr e, int parent, boolean right) {
        int own = precedence(e);
        boolean wrap = own < parent || (right && own == parent);
        return wrap ? "(" + e.print() + ")" : e.print();
    }

    private static String printCondition(Condition c) {
        String head = c.subjectText() + " " + c.operator().symbol();
        return switch (c.operator().argument()) {
            case NONE -> head;
            case VALUE -> head + " " + quote(c.arguments().getFirst());
            case LIST -> head + " [" + c.arguments().stream().map(Expr::quote).collect(Collectors.joining(", ")) + "]";
        };
    }

    /** Bare where the lexer reads the value back unchanged, else in the quote the value does not contain. */
    static String quote(String value) {
        boolean bare = !value.isEmpty() && !value.contains("&&") && !value.contains("||")
                && value.chars().noneMatch(ch -> Character.isWhitespace(ch) || "[](),'\"".indexOf(ch) >= 0);
        if (bare) {
            return value;
        }
        return value.indexOf('\'') < 0 ? "'" + value + "'" : "\"" + value + "\"";
    }
}
