package dev.gantry.placement.query;

import dev.gantry.placement.query.Expr.And;
import dev.gantry.placement.query.Expr.Condition;
import dev.gantry.placement.query.Expr.Not;
import dev.gantry.placement.query.Expr.Or;
import dev.gantry.placement.query.QueryArguments.Span;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A query compiled for evaluation: regexes compiled, lists turned into sets, dates and counts
 * read, once per parse. Evaluating allocates nothing beyond what the target's accessors and a
 * regex matcher do.
 *
 * <p>A comparison needs its subject: on an instance without the attribute (or without an agent
 * version, an EC2 instance id, any task for {@code task:group}) every value operator is false,
 * the negated ones ({@code !=}, {@code !in}, {@code !~}) included, as in ECS, where
 * {@code attribute:stack != prod} lists only instances that have a {@code stack} attribute. Only
 * {@code !exists} and the connective {@code not} hold for an absent subject, so
 * {@code not(task:group == db)} also selects instances that run no task.
 */
@FunctionalInterface
interface Check {

    boolean test(QueryTarget target);

    static Check compile(Expr expr) {
        return switch (expr) {
            case Or(Expr left, Expr right) -> or(compile(left), compile(right));
            case And(Expr left, Expr right) -> and(compile(left), compile(right));
            case Not(Expr operand) -> not(compile(operand));
            case Condition c -> c.operator() == Operator.NOT_EXISTS ? not(condition(c))
                    : c.operator().negated() ? presentAndNot(present(c), condition(c)) : condition(c);
        };
    }

    private static Check presentAndNot(Check present, Check positive) {
        return t -> present.test(t) && !positive.test(t);
    }

    /** Whether the instance has the condition's subject at all. */
    private static Check present(Condition c) {
        return switch (c.subject()) {
            case ATTRIBUTE -> {
                String name = c.attributeName();
                yield t -> t.attribute(name).isPresent();
            }
            case AGENT_VERSION -> t -> t.agentVersion().isPresent();
            case EC2_INSTANCE_ID -> t -> t.ec2InstanceId().isPresent();
            case TASK_GROUP -> t -> !t.taskGroups().isEmpty();
            case AGENT_CONNECTED, REGISTERED_AT, RUNNING_TASKS_COUNT -> t -> true;
        };
    }

    private static Check or(Check left, Check right) {
        return t -> left.test(t) || right.test(t);
    }

    private static Check and(Check left, Check right) {
        return t -> left.test(t) && right.test(t);
    }

    private static Check not(Check operand) {
        return t -> !operand.test(t);
    }

    /** The positive form of the condition. */
    private static Check condition(Condition c) {
        Operator op = c.operator().positive();
        List<String> args = c.arguments();
        return switch (c.subject()) {
            case AGENT_CONNECTED -> {
                TextTest test = text(op, args);
                yield t -> test.test(t.agentConnected() ? "true" : "false");
            }
            case EC2_INSTANCE_ID -> optionalText(text(op, args), QueryTarget::ec2InstanceId);
            case ATTRIBUTE -> {
                String name = c.attributeName();
                yield op == Operator.EXISTS ? t -> t.attribute(name).isPresent()
                        : optionalText(text(op, args), t -> t.attribute(name));
            }
            case TASK_GROUP -> {
                if (op == Operator.EXISTS) {
                    yield t -> !t.taskGroups().isEmpty();
                }
                if (op == Operator.EQUALS) {
                    String group = args.getFirst();
                    yield t -> t.taskGroups().contains(group);
                }
                TextTest test = text(op, args);
                yield t -> anyGroup(t.taskGroups(), test);
            }
            case AGENT_VERSION -> {
                String version = args.getFirst();
                yield t -> {
                    Optional<String> own = t.agentVersion();
                    return own.isPresent() && ordered(op, QueryArguments.compareVersions(own.get(), version));
                };
            }
            case REGISTERED_AT -> {
                Span span = QueryArguments.span(args.getFirst()).orElseThrow();
                yield t -> ordered(op, span.compareTo(t.registeredAt()));
            }
            case RUNNING_TASKS_COUNT -> {
                long count = Long.parseLong(args.getFirst());
                yield t -> ordered(op, Long.compare(t.runningTasksCount(), count));
            }
        };
    }

    private static boolean anyGroup(Set<String> groups, TextTest test) {
        for (String group : groups) {
            if (test.test(group)) {
                return true;
            }
        }
        return false;
    }

    private static Check optionalText(TextTest test, java.util.function.Function<QueryTarget, Optional<String>> value) {
        return t -> {
            Optional<String> v = value.apply(t);
            return v.isPresent() && test.test(v.get());
        };
    }

    /** Whether {@code comparison} (own value against the argument) satisfies the positive operator. */
    private static boolean ordered(Operator op, int comparison) {
        return switch (op) {
            case EQUALS -> comparison == 0;
            case GREATER_THAN -> comparison > 0;
            case GREATER_THAN_EQUAL -> comparison >= 0;
            case LESS_THAN -> comparison < 0;
            case LESS_THAN_EQUAL -> comparison <= 0;
            default -> throw new IllegalStateException("not an ordering: " + op);
        };
    }

    /** A test of a present text value. */
    @FunctionalInterface
    interface TextTest {
        boolean test(String value);
    }

    private static TextTest text(Operator op, List<String> args) {
        return switch (op) {
            case EQUALS -> {
                String expected = args.getFirst();
                yield expected::equals;
            }
            case IN -> {
                Set<String> set = Set.copyOf(args);
                yield set::contains;
            }
            case MATCHES -> regex(args.getFirst());
            case EXISTS -> v -> true;
            default -> textOrder(op, args.getFirst());
        };
    }

    /**
     * A full match, as Java's {@code Matcher.matches}. A literal prefix followed by {@code .*}
     * (the common {@code m5.*}) is answered with startsWith, which the property tests hold equal.
     */
    static TextTest regex(String regex) {
        int star = regex.length() - 2;
        if (star >= 0 && regex.endsWith(".*") && isLiteral(regex, star)) {
            String prefix = regex.substring(0, star);
            return v -> v.startsWith(prefix) && noLineTerminator(v, star);
        }
        Pattern pattern = Pattern.compile(regex);
        return v -> pattern.matcher(v).matches();
    }

    private static boolean isLiteral(String regex, int end) {
        for (int i = 0; i < end; i++) {
            if ("\\^$.|?*+()[]{}".indexOf(regex.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean noLineTerminator(String v, int from) {
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /** Orders attribute values numerically when both are numbers, else as text. */
    private static TextTest textOrder(Operator op, String argument) {
        Optional<BigDecimal> number = QueryArguments.number(argument);
        return v -> {
            Optional<BigDecimal> own = number.isPresent() ? QueryArguments.number(v) : Optional.empty();
            int comparison = own.isPresent() ? own.get().compareTo(number.get()) : v.compareTo(argument);
            return ordered(op, comparison);
        };
    }
}
