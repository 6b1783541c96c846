package dev.gantry.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.TransportProtocol;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonRequestDecoderTest {
  private static final ObjectReader READER = JsonCodec.mapper().readerFor(RegisterTaskDefinitionRequest.class);

  private static Object decode(String json) {
    return JsonRequestDecoder.decode(READER, json.getBytes(StandardCharsets.UTF_8));
  }

  private static EcsException rejection(String json) {
    return catchThrowableOfType(EcsException.class, () -> decode(json));
  }

  @Test
  void decodesNestedMembersAndEnumsByTheirWireValues() {
    Object decoded = decode("""
        {"family":"web","networkMode":"awsvpc","containerDefinitions":[
          {"name":"app","memory":512,"essential":true,"portMappings":[{"containerPort":80,"protocol":"udp"}]}]}""");

    RegisterTaskDefinitionRequest request = (RegisterTaskDefinitionRequest) decoded;
    assertThat(request.networkMode()).isEqualTo(NetworkMode.AWSVPC);
    ContainerDefinition app = request.containerDefinitions().get(0);
    assertThat(app.memory()).isEqualTo(512);
    assertThat(app.portMappings().get(0).protocol()).isEqualTo(TransportProtocol.UDP);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("an empty or blank body is the empty request")
  @MethodSource("blankBodies")
  void blankBodyMeansEmptyObject(String label, String body) {
    assertThat(decode(body)).isEqualTo(RegisterTaskDefinitionRequest.builder().build());
  }

  static Stream<Arguments> blankBodies() {
    return Stream.of(Arguments.of("empty", ""), Arguments.of("whitespace", " \r\n\t"), Arguments.of("{}", "{}"));
  }

  @Test
  void ignoresMembersItDoesNotKnow() {
    assertThat(decode("{\"family\":\"web\",\"brandNewMember\":{\"x\":[1,2]}}"))
        .isEqualTo(RegisterTaskDefinitionRequest.builder().family("web").build());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a member of the wrong JSON type is a SerializationException naming the member path and the type")
  @MethodSource("wrongTypes")
  void wrongTypeNamesPathAndExpectedType(String body, String expectedMessage) {
    EcsException e = rejection(body);

    assertThat(e.type()).isEqualTo(ErrorType.SerializationException);
    assertThat(e.getMessage()).isEqualTo(expectedMessage);
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("{\"containerDefinitions\":[{\"name\":\"a\",\"memory\":\"512\"}]}",
            "Member 'containerDefinitions[0].memory' must be an integer, not a string."),
        Arguments.of("{\"containerDefinitions\":[{},{\"memory\":1.5}]}",
            "Member 'containerDefinitions[1].memory' must be an integer, not a decimal number."),
        Arguments.of("{\"family\":12}", "Member 'family' must be a string, not an integer."),
        Arguments.of("{\"family\":{\"a\":1}}", "Member 'family' must be a string, not an object."),
        Arguments.of("{\"containerDefinitions\":{\"name\":\"a\"}}",
            "Member 'containerDefinitions' must be a list (JSON array), not an object."),
        Arguments.of("{\"containerDefinitions\":[\"a\"]}",
            "Member 'containerDefinitions[0]' must be a structure (JSON object), not a string."),
        Arguments.of("{\"containerDefinitions\":[{\"essential\":\"yes\"}]}",
            "Member 'containerDefinitions[0].essential' must be a boolean, not a string."),
        Arguments.of("{\"networkMode\":3}", "Member 'networkMode' must be a string, not an integer."),
        Arguments.of("{\"containerDefinitions\":[{\"command\":[1]}]}",
            "Member 'containerDefinitions[0].command[0]' must be a string, not an integer."),
        Arguments.of("[]", "The request body must be a JSON object, not an array."),
        Arguments.of("\"x\"", "The request body must be a JSON object, not a string."),
        Arguments.of("null", "The request body must be a JSON object, not null."),
        Arguments.of("{} {}", "The request body has data after its JSON object; send exactly one JSON object."));
  }

  @Test
  void outOfRangeNumberNamesTheMember() {
    EcsException e = rejection("{\"containerDefinitions\":[{\"memory\":99999999999}]}");

    assertThat(e.type()).isEqualTo(ErrorType.SerializationException);
    assertThat(e.getMessage()).startsWith("Member 'containerDefinitions[0].memory' must be an integer")
        .contains("99999999999");
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("malformed JSON is a SerializationException with the position")
  @MethodSource("malformed")
  void malformedJsonSaysWhere(String body, String position, String member) {
    EcsException e = rejection(body);

    assertThat(e.type()).isEqualTo(ErrorType.SerializationException);
    assertThat(e.getMessage()).startsWith("The request body is not valid JSON " + position).contains(member);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("{\"family\":", "at line 1, column 11", ""),
        Arguments.of("{\"family\" \"web\"}", "at line 1, column 11", ""),
        Arguments.of("{\"containerDefinitions\":[{\"name\":\"a\",}]}", "at line 1, column 38",
            "(in member 'containerDefinitions[0]"),
        Arguments.of("{\"family\":web}", "at line 1, column 15", "(in member 'family')"));
  }

  @Test
  void unknownEnumValueIsInvalidParameterListingTheValidValues() {
    EcsException e = rejection("{\"containerDefinitions\":[{\"portMappings\":[{\"protocol\":\"sctp\"}]}]}");

    assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
    assertThat(e.getMessage()).isEqualTo(
        "Invalid value 'sctp' for member 'containerDefinitions[0].portMappings[0].protocol'. Valid values: tcp, udp.");
  }

  @Test
  void enumNamesAreNotAcceptedInPlaceOfWireValues() {
    EcsException e = rejection("{\"networkMode\":\"AWSVPC\"}");

    assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
    assertThat(e.getMessage()).contains("'AWSVPC'", "'networkMode'", "bridge, host, awsvpc, none");
  }
}
