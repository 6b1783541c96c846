package dev.gantry.placement.query;

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

    private ClusterQuery(String expression, Expr tree) {
        this.expression = expression;
        this.tree = tree;
        this.check = Check.compile(tree);
    }

    /** Parses {@code expression}, or throws {@link QueryParseException} saying where and what was expected. */
    public static ClusterQuery parse(String expression) {
        return new ClusterQuery(expression, QueryParser.parse(expression));
    }

    /** Whether the instance satisfies the query. */
    public boolean matches(QueryTarget target) {
        return check.test(target);
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
