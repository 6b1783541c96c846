package dev.gantry.placement.query;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed ECS cluster query, such as {@code attribute:ecs.instance-type =~ m5.* and not(task:group
 * == database)}. Parse once with {@link #parse}, then {@link #matches} each instance: the query
 * is compiled at parse time, so evaluation does no parsing, regex compilation or date reading.
 * Immutable and safe to share between threads.
 */
public final class ClusterQuery {

    /** The longest expression ECS accepts. */
    public static final int MAX_LENGTH = QueryParser.MAX_LENGTH;

    private final String expression;
    private final Expr tree;
    private final Check check;
    private final Optional<Set<String>> attributesRead;

    private ClusterQuery(String expression, Expr tree) {
        this.expression = expression;
        this.tree = tree;
        this.check = Check.compile(tree);
        Set<String> attributes = new HashSet<>();
        this.attributesRead = collectAttributes(tree, attributes) ? Optional.of(Set.copyOf(attributes)) : Optional.empty();
    }

    /** Parses {@code expression}, or throws {@link QueryParseException} saying where and what was expected. */
    public static ClusterQuery parse(String expression) {
        return new ClusterQuery(expression, QueryParser.parse(expression));
    }

    /** Whether the instance satisfies the query. */
    public boolean matches(QueryTarget target) {
        return check.test(target);
    }

    /**
     * The attributes the query reads, when it reads nothing but attributes: then two instances
     * with the same values for them get the same answer. Empty when it reads any other subject.
     */
    public Optional<Set<String>> attributesRead() {
        return attributesRead;
    }

    /** Adds the attribute names of {@code expr} to {@code into}; whether it reads attributes only. */
    private static boolean collectAttributes(Expr expr, Set<String> into) {
        return switch (expr) {
            case Expr.Or(Expr left, Expr right) -> collectAttributes(left, into) && collectAttributes(right, into);
            case Expr.And(Expr left, Expr right) -> collectAttributes(left, into) && collectAttributes(right, into);
            case Expr.Not(Expr operand) -> collectAttributes(operand, into);
            case Expr.Condition c -> {
                if (c.subject() == Subject.ATTRIBUTE) {
                    into.add(c.attributeName());
                }
                yield c.subject() == Subject.ATTRIBUTE;
            }
        };
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    Expr tree() {
        return tree;
    }

    /** The canonical form: parses back to the same query. */
    @Override
    public String toString() {
        return tree.print();
    }
}
