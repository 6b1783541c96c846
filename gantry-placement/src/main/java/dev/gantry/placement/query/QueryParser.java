package dev.gantry.placement.query;

import dev.gantry.placement.query.Expr.And;
import dev.gantry.placement.query.Expr.Condition;
import dev.gantry.placement.query.Expr.Not;
import dev.gantry.placement.query.Expr.Or;
import dev.gantry.placement.query.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser of the ECS cluster query language, one method per rule:
 *
 * <pre>
 * query      := or END                                    (at most 2,000 characters)
 * or         := and ( ("or" | "||") and )*
 * and        := unary ( ("and" | "&&") unary )*
 * unary      := ("not" | "!") unary | "(" or ")" | condition
 * condition  := subject ( NULLARY | LISTOP list | VALUEOP value )
 * subject    := "agentConnected" | "agentVersion" | "attribute:" NAME | "ec2InstanceId"
 *             | "registeredAt" | "runningTasksCount" | "task:group"
 * NULLARY    := "exists" | "!exists" | "not_exists"
 * LISTOP     := "in" | "!in" | "not_in"
 * VALUEOP    := "==" | "equals" | "!=" | "not_equals" | ">" | "greater_than" | ">=" | "greater_than_equal"
 *             | "<" | "less_than" | "<=" | "less_than_equal" | "=~" | "matches" | "!~" | "not_matches"
 * list       := "[" value ( "," value )* "]"
 * value      := "'" any but ' "'" | '"' any but " '"' | BARE
 * NAME       := [A-Za-z0-9._/\\:-]{1,128}
 * BARE       := characters up to a blank, ( ), &amp;&amp; or ||, in a list also [ ] ,; not starting with [
 * </pre>
 *
 * So {@code not} binds tighter than {@code and}, which binds tighter than {@code or}; both binary
 * operators associate to the left. Beyond syntax it checks what ECS checks: the operator is one
 * the subject accepts, and the argument is a valid date, count, version, boolean or regex for it.
 * Errors carry the 1-based position and what was expected there.
 */
final class QueryParser {

    static final int MAX_LENGTH = 2000;
    private static final String OPERATORS = "an operator (==, !=, >, >=, <, <=, =~, !~, exists, !exists, in, !in, "
            + "or a word form such as equals or not_in)";
    private static final String OPERAND = "a subject (" + Subject.LISTING + "), '(' or 'not'";

    private final QueryLexer lexer;
    private Token previous;

    private QueryParser(String text) {
        this.lexer = new QueryLexer(text);
    }

    static Expr parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new QueryParseException(MAX_LENGTH + 1, "at most " + MAX_LENGTH + " characters",
                    ", the expression has " + text.length());
        }
        QueryParser parser = new QueryParser(text);
        Expr expr = parser.or();
        Token end = parser.lexer.operand();
        if (end.kind() != Kind.END) {
            throw parser.error(end, "'and', 'or' or the end of the expression");
        }
        return expr;
    }

    private Expr or() {
        Expr left = and();
        while (true) {
            int mark = lexer.mark();
            Token t = lexer.operand();
            if (t.kind() != Kind.OR) {
                lexer.reset(mark);
                return left;
            }
            previous = t;
            left = new Or(left, and());
        }
    }

    private Expr and() {
        Expr left = unary();
        while (true) {
            int mark = lexer.mark();
            Token t = lexer.operand();
            if (t.kind() != Kind.AND) {
                lexer.reset(mark);
                return left;
            }
            previous = t;
            left = new And(left, unary());
        }
    }

    private Expr unary() {
        Token t = lexer.operand();
        switch (t.kind()) {
            case NOT -> {
                previous = t;
                return new Not(unary());
            }
            case LPAREN -> {
                previous = t;
                Expr inner = or();
                Token close = lexer.operand();
                if (close.kind() != Kind.RPAREN) {
                    throw error(close, "')' to close the '(' at position " + t.position());
                }
                previous = close;
                return inner;
            }
            case WORD -> {
                return condition(t);
            }
            default -> throw error(t, OPERAND);
        }
    }

    private Condition condition(Token word) {
        Subject subject;
        String name = "";
        if (word.text().startsWith(Subject.ATTRIBUTE.spelling())) {
            subject = Subject.ATTRIBUTE;
            name = word.text().substring(Subject.ATTRIBUTE.spelling().length());
            if (name.isEmpty() || name.length() > 128) {
                int at = word.position() + Subject.ATTRIBUTE.spelling().length();
                throw new QueryParseException(at, "an attribute name of 1 to 128 letters, digits, '.', '-', '_', '/', "
                        + "'\\' or ':'", " after 'attribute:'");
            }
        } else {
            subject = Subject.fixed(word.text()).orElseThrow(() -> error(word, OPERAND));
        }
        previous = word;
        Token opToken = lexer.operator();
        if (opToken.kind() != Kind.OPERATOR) {
            throw error(opToken, OPERATORS);
        }
        Operator op = Operator.named(opToken.text()).orElseThrow();
        if (!subject.accepts(op)) {
            throw new QueryParseException(opToken.position(), "an operator valid for " + word.text() + " ("
                    + subject.operatorListing() + ")", ", found '" + opToken.text() + "'");
        }
        previous = opToken;
        List<String> arguments = switch (op.argument()) {
            case NONE -> List.of();
            case VALUE -> List.of(value(subject, op, false));
            case LIST -> list(subject, op);
        };
        return new Condition(subject, name, op, arguments);
    }

    private List<String> list(Subject subject, Operator op) {
        Token open = lexer.value(true);
        if (open.kind() != Kind.LBRACKET) {
            throw error(open, "'[' to start the list of values");
        }
        previous = open;
        List<String> values = new ArrayList<>();
        while (true) {
            values.add(value(subject, op, true));
            Token t = lexer.value(true);
            if (t.kind() == Kind.RBRACKET) {
                previous = t;
                return values;
            }
            if (t.kind() != Kind.COMMA) {
                throw error(t, "',' or ']' in the list of values");
            }
            previous = t;
        }
    }

    private String value(Subject subject, Operator op, boolean inList) {
        Token t = lexer.value(inList);
        if (t.kind() != Kind.VALUE) {
            String hint = t.kind() == Kind.LBRACKET ? " (a list of values goes after in or not_in)" : "";
            throw error(t, "a value" + hint);
        }
        String problem = argumentProblem(subject, op, t.text());
        if (!problem.isEmpty()) {
            throw new QueryParseException(t.position(), problem, " for " + previousSubject(subject) + ", found '" + t.text() + "'");
        }
        previous = t;
        return t.text();
    }

    private static String previousSubject(Subject subject) {
        return subject == Subject.ATTRIBUTE ? "the attribute" : subject.spelling();
    }

    /** What a valid argument would be, or empty if {@code value} is valid. */
    private static String argumentProblem(Subject subject, Operator op, String value) {
        if (op.positive() == Operator.MATCHES) {
            try {
                Pattern.compile(value);
                return "";
            } catch (PatternSyntaxException e) {
                return "a Java regular expression (" + e.getDescription() + " near index " + e.getIndex() + ")";
            }
        }
        return switch (subject) {
            case AGENT_CONNECTED -> value.equals("true") || value.equals("false") ? "" : "true or false";
            case AGENT_VERSION -> QueryArguments.isVersion(value) ? "" : "an agent version such as 1.14.5";
            case REGISTERED_AT -> QueryArguments.span(value).isPresent() ? "" : QueryArguments.DATE_FORMS;
            case RUNNING_TASKS_COUNT -> QueryArguments.isCount(value) ? "" : "a whole number of tasks";
            default -> "";
        };
    }

    private QueryParseException error(Token found, String expected) {
        String after = previous == null ? "" : " after '" + previous.text() + "'";
        return new QueryParseException(found.position(), expected, after + ", found " + found.describe());
    }
}
