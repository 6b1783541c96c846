package dev.gantry.placement.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParseErrorTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                                       | 1  | at position 1: expected a subject (agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount, task:group), '(' or 'not', found the end of the expression
            attribute:ecs.instance-type              | 28 | at position 28: expected an operator (==, !=, >, >=, <, <=, =~, !~, exists, !exists, in, !in, or a word form such as equals or not_in) after 'attribute:ecs.instance-type', found the end of the expression
            attribute:ecs.instance-type is t2.small  | 29 | at position 29: expected an operator (==, !=, >, >=, <, <=, =~, !~, exists, !exists, in, !in, or a word form such as equals or not_in) after 'attribute:ecs.instance-type', found 'is'
            attribute:ecs.instance-type ==           | 31 | at position 31: expected a value after '==', found the end of the expression
            attribute: == x                          | 11 | at position 11: expected an attribute name of 1 to 128 letters, digits, '.', '-', '_', '/', '\\' or ':' after 'attribute:'
            instanceType == t2.small                 | 1  | at position 1: expected a subject (agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount, task:group), '(' or 'not', found 'instanceType'
            runningTasksCount == 1 and               | 27 | at position 27: expected a subject (agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount, task:group), '(' or 'not' after 'and', found the end of the expression
            runningTasksCount == 1 runningTasksCount | 24 | at position 24: expected 'and', 'or' or the end of the expression after '1', found 'runningTasksCount'
            (runningTasksCount == 1                  | 24 | at position 24: expected ')' to close the '(' at position 1 after '1', found the end of the expression
            runningTasksCount == 1)                  | 23 | at position 23: expected 'and', 'or' or the end of the expression after '1', found ')'
            attribute:a in x                         | 16 | at position 16: expected '[' to start the list of values after 'in', found 'x'
            attribute:a in [x y]                     | 19 | at position 19: expected ',' or ']' in the list of values after 'x', found 'y'
            attribute:a in []                        | 17 | at position 17: expected a value after '[', found ']'
            attribute:a in [x,                       | 19 | at position 19: expected a value after ',', found the end of the expression
            attribute:a == [x]                       | 16 | at position 16: expected a value (a list of values goes after in or not_in) after '==', found '['
            attribute:a == 'x                        | 18 | at position 18: expected a closing ' for the value quoted at position 16
            attribute:a =~ 'm5.(large'               | 16 | at position 16: expected a Java regular expression (Unclosed group near index 9) for the attribute, found 'm5.(large'
            agentConnected > true                    | 16 | at position 16: expected an operator valid for agentConnected (== (equals), != (not_equals), in, !in (not_in), =~ (matches), !~ (not_matches)), found '>'
            agentConnected == yes                    | 19 | at position 19: expected true or false for agentConnected, found 'yes'
            agentVersion =~ 1.*                      | 14 | at position 14: expected an operator valid for agentVersion (== (equals), != (not_equals), > (greater_than), >= (greater_than_equal), < (less_than), <= (less_than_equal)), found '=~'
            agentVersion < latest                    | 16 | at position 16: expected an agent version such as 1.14.5 for agentVersion, found 'latest'
            ec2InstanceId exists                     | 15 | at position 15: expected an operator valid for ec2InstanceId (== (equals), != (not_equals), in, !in (not_in), =~ (matches), !~ (not_matches)), found 'exists'
            registeredAt < 2018/02/13                | 16 | at position 16: expected a date as 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18 for registeredAt, found '2018/02/13'
            registeredAt < 2018-02-30                | 16 | at position 16: expected a date as 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18 for registeredAt, found '2018-02-30'
            registeredAt < 2018-02-13T10:00          | 16 | at position 16: expected a date as 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18 for registeredAt, found '2018-02-13T10:00'
            runningTasksCount >= -1                  | 22 | at position 22: expected a whole number of tasks for runningTasksCount, found '-1'
            runningTasksCount in [1, 2]              | 19 | at position 19: expected an operator valid for runningTasksCount (== (equals), != (not_equals), > (greater_than), >= (greater_than_equal), < (less_than), <= (less_than_equal)), found 'in'
            task:group > a                           | 12 | at position 12: expected an operator valid for task:group (== (equals), != (not_equals), exists, !exists (not_exists), in, !in (not_in), =~ (matches), !~ (not_matches)), found '>'
            not                                      | 4  | at position 4: expected a subject (agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount, task:group), '(' or 'not' after 'not', found the end of the expression
            attribute:a exists and or attribute:b exists | 24 | at position 24: expected a subject (agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount, task:group), '(' or 'not' after 'and', found 'or'
            """)
    void namesThePositionAndWhatWasExpected(String expression, int position, String message) {
        assertThatThrownBy(() -> ClusterQuery.parse(expression))
                .isInstanceOfSatisfying(QueryParseException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.position()).isEqualTo(position);
                    org.assertj.core.api.Assertions.assertThat(e).hasMessage(message);
                });
    }
}
