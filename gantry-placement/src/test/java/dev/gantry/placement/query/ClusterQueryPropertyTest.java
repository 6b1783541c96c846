package dev.gantry.placement.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.placement.query.Expr.And;
import dev.gantry.placement.query.Expr.Condition;
import dev.gantry.placement.query.Expr.Not;
import dev.gantry.placement.query.Expr.Or;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of parsing, printing and evaluation over generated queries and instances. */
class ClusterQueryPropertyTest {

    @Property
    void printingAndReparsingGivesTheSameTree(@ForAll("queries") Expr tree) {
        Expr reparsed = QueryParser.parse(tree.print());
        assertThat(reparsed).isEqualTo(tree);
        assertThat(reparsed.print()).isEqualTo(tree.print());
    }

    @Property
    void notNegatesEveryQuery(@ForAll("queries") Expr tree, @ForAll("instances") TestInstance instance) {
        boolean plain = ClusterQuery.parse(tree.print()).matches(instance);
        assertThat(ClusterQuery.parse("not (" + tree.print() + ")").matches(instance)).isEqualTo(!plain);
        assertThat(ClusterQuery.parse("!(" + tree.print() + ")").matches(instance)).isEqualTo(!plain);
    }

    @Property
    void andAndOrCombineLikeBooleans(@ForAll("queries") Expr a, @ForAll("queries") Expr b,
            @ForAll("instances") TestInstance instance) {
        boolean left = Check.compile(a).test(instance);
        boolean right = Check.compile(b).test(instance);
        assertThat(Check.compile(new And(a, b)).test(instance)).isEqualTo(left && right);
        assertThat(Check.compile(new Or(a, b)).test(instance)).isEqualTo(left || right);
        assertThat(ClusterQuery.parse("(" + a.print() + ") and (" + b.print() + ")").matches(instance)).isEqualTo(left && right);
    }

    @Property
    void eachNegatedOperatorNegatesItsPositiveWhereTheSubjectIsPresentAndFailsWhereNot(
            @ForAll("conditions") Condition condition, @ForAll("instances") TestInstance instance) {
        Operator op = condition.operator();
        Condition other = new Condition(condition.subject(), condition.attributeName(),
                op.negated() ? op.positive() : negationOf(op).orElse(op), condition.arguments());
        if (other.operator() == op) {
            return;
        }
        Condition negated = op.negated() ? condition : other;
        Condition positive = op.negated() ? other : condition;
        boolean holds = Check.compile(positive).test(instance);
        boolean expected = negated.operator() == Operator.NOT_EXISTS ? !holds : hasSubject(negated, instance) && !holds;
        assertThat(Check.compile(negated).test(instance)).isEqualTo(expected);
        if (!hasSubject(positive, instance)) {
            assertThat(holds).as("a positive operator on an absent subject").isFalse();
        }
    }

    private static boolean hasSubject(Condition c, TestInstance instance) {
        return switch (c.subject()) {
            case ATTRIBUTE -> instance.attribute(c.attributeName()).isPresent();
            case AGENT_VERSION -> instance.agentVersion().isPresent();
            case EC2_INSTANCE_ID -> instance.ec2InstanceId().isPresent();
            case TASK_GROUP -> !instance.taskGroups().isEmpty();
            case AGENT_CONNECTED, REGISTERED_AT, RUNNING_TASKS_COUNT -> true;
        };
    }

    @Property
    void aQueryOnAttributesAloneAnswersAlikeForInstancesThatShareThem(@ForAll("queries") Expr tree,
            @ForAll("instances") TestInstance one, @ForAll("instances") TestInstance other) {
        ClusterQuery query = ClusterQuery.parse(tree.print());
        if (query.attributesRead().isPresent()) {
            Map<String, String> shared = new java.util.HashMap<>(other.attributes());
            for (String name : query.attributesRead().get()) {
                shared.remove(name);
                one.attribute(name).ifPresent(value -> shared.put(name, value));
            }
            TestInstance like = new TestInstance(other.agentConnected(), other.agentVersion(), shared,
                    other.ec2InstanceId(), other.registeredAt(), other.runningTasksCount(), other.taskGroups());
            assertThat(query.matches(like)).isEqualTo(query.matches(one));
        }
    }

    @Property
    void theRegexShortcutAgreesWithJavaRegex(@ForAll("prefixRegexes") String regex, @ForAll("texts") String value) {
        assertThat(Check.regex(regex).test(value)).isEqualTo(Pattern.compile(regex).matcher(value).matches());
    }

    @Property
    void anyTextEitherParsesOrFailsWithAPosition(@ForAll("noise") String text) {
        try {
            ClusterQuery query = ClusterQuery.parse(text);
            assertThat(QueryParser.parse(query.toString())).isEqualTo(query.tree());
        } catch (QueryParseException e) {
            assertThat(e.position()).isBetween(1, text.length() + 1);
            assertThat(e.getMessage()).startsWith("at position " + e.position() + ": expected ");
        }
    }

    private static Optional<Operator> negationOf(Operator positive) {
        for (Operator op : Operator.values()) {
            if (op.negated() && op.positive() == positive) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** Trees up to three levels deep, so even two joined stay far below the 2,000-character limit. */
    @Provide
    Arbitrary<Expr> queries() {
        return Arbitraries.recursive(() -> conditions().map(Expr.class::cast), smaller -> Arbitraries.oneOf(
                smaller.map(Not::new),
                Combinators.combine(smaller, smaller).as(And::new),
                Combinators.combine(smaller, smaller).as(Or::new)), 0, 3);
    }

    @Provide
    Arbitrary<Condition> conditions() {
        Arbitrary<String> values = Arbitraries.of("a", "b", "m5.large", "two words", "it's", "x,y", "[z]", "", "&&");
        Arbitrary<String> regexes = Arbitraries.of("a.*", "m5.*", "(a|b)", ".*", "x+y?");
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("a", "b", "ecs.x-y/z:w"), Arbitraries.of(Operator.values()), values,
                        regexes, values.list().ofMinSize(1).ofMaxSize(3))
                        .as((name, op, value, regex, list) -> new Condition(Subject.ATTRIBUTE, name, op,
                                argumentsFor(op, value, regex, list))),
                Combinators.combine(Arbitraries.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN, Operator.NOT_IN,
                        Operator.MATCHES, Operator.NOT_MATCHES, Operator.EXISTS, Operator.NOT_EXISTS),
                        Arbitraries.of("g1", "g2", "service:web"), regexes, Arbitraries.of("g1", "g2").list().ofMinSize(1).ofMaxSize(2))
                        .as((op, value, regex, list) -> new Condition(Subject.TASK_GROUP, "", op,
                                argumentsFor(op, value, regex, list))),
                Combinators.combine(orderingOps(), Arbitraries.integers().between(0, 3))
                        .as((op, n) -> new Condition(Subject.RUNNING_TASKS_COUNT, "", op, List.of(String.valueOf(n)))),
                Combinators.combine(orderingOps(), Arbitraries.of("1.9", "1.14.5", "2"))
                        .as((op, v) -> new Condition(Subject.AGENT_VERSION, "", op, List.of(v))),
                Combinators.combine(orderingOps(), Arbitraries.of("2018-06-18", "2018-06-18T22:28:28Z",
                        "2018-06-18T22:28:28", "2018-06-19T00:28:28+02:00"))
                        .as((op, v) -> new Condition(Subject.REGISTERED_AT, "", op, List.of(v))),
                Arbitraries.of(Operator.EQUALS, Operator.NOT_EQUALS).flatMap(op -> Arbitraries.of("true", "false")
                        .map(v -> new Condition(Subject.AGENT_CONNECTED, "", op, List.of(v)))),
                Arbitraries.of(Operator.EQUALS, Operator.NOT_EQUALS).flatMap(op -> Arbitraries.of("i-1", "i-2")
                        .map(v -> new Condition(Subject.EC2_INSTANCE_ID, "", op, List.of(v)))));
    }

    private static Arbitrary<Operator> orderingOps() {
        return Arbitraries.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.GREATER_THAN, Operator.GREATER_THAN_EQUAL,
                Operator.LESS_THAN, Operator.LESS_THAN_EQUAL);
    }

    private static List<String> argumentsFor(Operator op, String value, String regex, List<String> list) {
        return switch (op.argument()) {
            case NONE -> List.of();
            case LIST -> list;
            case VALUE -> List.of(op.positive() == Operator.MATCHES ? regex : value);
        };
    }

    @Provide
    Arbitrary<TestInstance> instances() {
        Arbitrary<Map<String, String>> attributes = Arbitraries.maps(Arbitraries.of("a", "b", "ecs.x-y/z:w"),
                Arbitraries.of("a", "b", "m5.large", "two words", "", "1")).ofMaxSize(3);
        Arbitrary<Optional<String>> versions = Arbitraries.of("1.9", "1.14.5", "1.14.5.1", "2").optional();
        Arbitrary<Instant> registered = Arbitraries.longs().between(-2, 2)
                .map(days -> Instant.parse("2018-06-18T22:28:28Z").plusSeconds(days * 3600 * 13));
        Arbitrary<Set<String>> groups = Arbitraries.of("g1", "g2", "service:web").set().ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(true, false), versions, attributes, Arbitraries.of("i-1", "i-2").optional(),
                registered, groups)
                .as((connected, version, attrs, ec2, at, gs) -> new TestInstance(connected, version, attrs, ec2, at, gs.size(), gs));
    }

    @Provide
    Arbitrary<String> prefixRegexes() {
        return Arbitraries.strings().withChars("am5-:._").ofMaxLength(4).map(p -> p.replace(".", "") + ".*");
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("am5-:.\n\r\u2028").ofMaxLength(6);
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> pieces = Arbitraries.of("attribute:a", "task:group", "runningTasksCount", "agentVersion",
                "registeredAt", "==", "!=", "in", "not_in", "exists", "!", "not", "and", "&&", "or", "||", "(", ")", "[",
                "]", ",", "'x'", "\"y", "1", "2018-06-18", "=~", "m5.*", " ", "  ");
        return pieces.list().ofMaxSize(12).map(list -> String.join(" ", list));
    }
}
