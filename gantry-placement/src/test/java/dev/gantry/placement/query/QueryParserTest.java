package dev.gantry.placement.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.placement.query.Expr.And;
import dev.gantry.placement.query.Expr.Condition;
import dev.gantry.placement.query.Expr.Not;
import dev.gantry.placement.query.Expr.Or;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            # the examples of the ECS developer guide, and their canonical form
            attribute:ecs.instance-type == t2.small ; attribute:ecs.instance-type == t2.small
            attribute:ecs.availability-zone in [us-east-1a, us-east-1b] ; attribute:ecs.availability-zone in [us-east-1a, us-east-1b]
            attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d ; attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d
            task:group == service:production ; task:group == service:production
            not(task:group == database) ; not task:group == database
            runningTasksCount == 1 ; runningTasksCount == 1
            agentVersion < 1.14.5 ; agentVersion < 1.14.5
            registeredAt < 2018-02-13 ; registeredAt < 2018-02-13
            ec2InstanceId in ['i-abcd1234', 'i-wxyx7890'] ; ec2InstanceId in [i-abcd1234, i-wxyx7890]
            # every date form
            registeredAt >= 2018-06-18T22:28:28+00:00 ; registeredAt >= 2018-06-18T22:28:28+00:00
            registeredAt > 2018-06-18T22:28:28Z ; registeredAt > 2018-06-18T22:28:28Z
            registeredAt <= 2018-06-18T22:28:28 ; registeredAt <= 2018-06-18T22:28:28
            registeredAt == 2018-06-18 ; registeredAt == 2018-06-18
            # attribute names with dots, dashes, underscores, colons, slashes
            attribute:stack/tier:web_1.x-y exists ; attribute:stack/tier:web_1.x-y exists
            attribute:a\\b !exists ; attribute:a\\b !exists
            # no blanks needed around symbols
            attribute:a==b&&attribute:c!=d||agentConnected==true ; attribute:a == b and attribute:c != d or agentConnected == true
            !(runningTasksCount>0) ; not runningTasksCount > 0
            attribute:a in[x,y] ; attribute:a in [x, y]
            # quoting: single and double, blanks, brackets, operators inside
            attribute:a == 'two words' ; attribute:a == 'two words'
            attribute:a == "it's" ; attribute:a == "it's"
            attribute:a =~ 'm5.(large|xlarge)' ; attribute:a =~ 'm5.(large|xlarge)'
            attribute:a in ['a, b', "c]"] ; attribute:a in ['a, b', 'c]']
            attribute:a == 'x && y' ; attribute:a == 'x && y'
            attribute:a == '' ; attribute:a == ''
            attribute:a == and ; attribute:a == and
            # precedence: not over and over or; parentheses override
            attribute:a exists or attribute:b exists and attribute:c exists ; attribute:a exists or attribute:b exists and attribute:c exists
            (attribute:a exists or attribute:b exists) and attribute:c exists ; (attribute:a exists or attribute:b exists) and attribute:c exists
            attribute:a exists and (attribute:b exists or attribute:c exists) ; attribute:a exists and (attribute:b exists or attribute:c exists)
            not attribute:a exists and attribute:b exists ; not attribute:a exists and attribute:b exists
            not (attribute:a exists and attribute:b exists) ; not (attribute:a exists and attribute:b exists)
            ((((attribute:a exists)))) ; attribute:a exists
            not not attribute:a exists ; not not attribute:a exists
            """)
    void parsesToItsCanonicalForm(String expression, String canonical) {
        assertThat(ClusterQuery.parse(expression)).hasToString(canonical);
        assertThat(ClusterQuery.parse(canonical).tree()).isEqualTo(ClusterQuery.parse(expression).tree());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ==                 | EQUALS
            equals             | EQUALS
            !=                 | NOT_EQUALS
            not_equals         | NOT_EQUALS
            >                  | GREATER_THAN
            greater_than       | GREATER_THAN
            >=                 | GREATER_THAN_EQUAL
            greater_than_equal | GREATER_THAN_EQUAL
            <                  | LESS_THAN
            less_than          | LESS_THAN
            <=                 | LESS_THAN_EQUAL
            less_than_equal    | LESS_THAN_EQUAL
            =~                 | MATCHES
            matches            | MATCHES
            !~                 | NOT_MATCHES
            not_matches        | NOT_MATCHES
            """)
    void readsEachValueOperatorByItsSymbolAndItsWord(String spelling, Operator operator) {
        Expr tree = ClusterQuery.parse("attribute:ecs.cpu " + spelling + " 5").tree();
        assertThat(tree).isEqualTo(new Condition(Subject.ATTRIBUTE, "ecs.cpu", operator, List.of("5")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            exists     | EXISTS     |
            !exists    | NOT_EXISTS |
            not_exists | NOT_EXISTS |
            in         | IN         | [a, b]
            !in        | NOT_IN     | [a, b]
            not_in     | NOT_IN     | [a, b]
            """)
    void readsExistenceAndListOperators(String spelling, Operator operator, String list) {
        String argument = list == null ? "" : " " + list;
        Expr tree = ClusterQuery.parse("task:group " + spelling + argument).tree();
        List<String> expected = list == null ? List.of() : List.of("a", "b");
        assertThat(tree).isEqualTo(new Condition(Subject.TASK_GROUP, "", operator, expected));
    }

    @Test
    void wordAndSymbolConnectivesBuildTheSameTree() {
        assertThat(ClusterQuery.parse("! attribute:a exists && attribute:b exists || attribute:c exists").tree())
                .isEqualTo(ClusterQuery.parse("not attribute:a exists and attribute:b exists or attribute:c exists").tree());
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        Condition a = new Condition(Subject.ATTRIBUTE, "a", Operator.EXISTS, List.of());
        Condition b = new Condition(Subject.ATTRIBUTE, "b", Operator.EXISTS, List.of());
        Condition c = new Condition(Subject.ATTRIBUTE, "c", Operator.EXISTS, List.of());
        assertThat(ClusterQuery.parse("attribute:a exists or attribute:b exists and attribute:c exists").tree())
                .isEqualTo(new Or(a, new And(b, c)));
        assertThat(ClusterQuery.parse("not attribute:a exists and attribute:b exists").tree())
                .isEqualTo(new And(new Not(a), b));
        assertThat(ClusterQuery.parse("attribute:a exists or attribute:b exists or attribute:c exists").tree())
                .isEqualTo(new Or(new Or(a, b), c));
    }

    @Test
    void acceptsExactlyTwoThousandCharacters() {
        String prefix = "attribute:a == '";
        String expression = prefix + "x".repeat(ClusterQuery.MAX_LENGTH - prefix.length() - 1) + "'";
        assertThat(expression).hasSize(2000);
        assertThat(ClusterQuery.parse(expression).tree()).isInstanceOf(Condition.class);
        assertThatThrownBy(() -> ClusterQuery.parse(expression + " "))
                .isInstanceOfSatisfying(QueryParseException.class, e -> {
                    assertThat(e.position()).isEqualTo(2001);
                    assertThat(e).hasMessage("at position 2001: expected at most 2000 characters, the expression has 2001");
                });
    }

    @Test
    void keepsTheExpressionAsGiven() {
        assertThat(ClusterQuery.parse(" runningTasksCount  ==  1 ").expression()).isEqualTo(" runningTasksCount  ==  1 ");
    }
}
