package dev.gantry.placement.query;

/**
 * A cluster query that does not parse: where (a 1-based character position) and what was
 * expected there. The server answers it with {@code InvalidParameterException} and this message.
 */
public final class QueryParseException extends IllegalArgumentException {

    private final int position;
    private final String expected;

    QueryParseException(int position, String expected, String detail) {
        super("at position " + position + ": expected " + expected + detail);
        this.position = position;
        this.expected = expected;
    }

    /** The 1-based character position of the problem; one past the end when the expression ended too soon. */
    public int position() {
        return position;
    }

    /** What the parser expected there, such as {@code "a value"}. */
    public String expected() {
        return expected;
    }
}
