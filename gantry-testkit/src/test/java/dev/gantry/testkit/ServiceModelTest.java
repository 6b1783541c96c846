package dev.gantry.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.testkit.ServiceModel.ListShape;
import dev.gantry.testkit.ServiceModel.ScalarShape;
import dev.gantry.testkit.ServiceModel.ScalarType;
import dev.gantry.testkit.ServiceModel.StringShape;
import dev.gantry.testkit.ServiceModel.StructureShape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ServiceModelTest {
  private final ServiceModel model = ServiceModel.ecs();

  @Test
  void readsOperationsWithTheirShapesAndErrors() {
    ServiceModel.Operation op = model.operation("DescribeClusters").orElseThrow();

    assertThat(op.input()).contains("DescribeClustersRequest");
    assertThat(op.output()).contains("DescribeClustersResponse");
    assertThat(op.errors()).contains("ClientException", "ServerException", "InvalidParameterException");
    assertThat(model.targetPrefix()).isEqualTo("AmazonEC2ContainerServiceV20141113");
  }

  @Test
  void readsEachKindOfShape() {
    StructureShape cluster = (StructureShape) model.shape("Cluster").orElseThrow();
    assertThat(cluster.members()).containsEntry("clusterName", "String").containsEntry("tags", "Tags");

    assertThat(model.shape("Tags")).containsInstanceOf(ListShape.class);
    ListShape tags = (ListShape) model.shape("Tags").orElseThrow();
    assertThat(tags.member()).isEqualTo("Tag");
    assertThat(tags.limits().max()).contains(BigDecimal.valueOf(50));

    assertThat(((StringShape) model.shape("LaunchType").orElseThrow()).enumValues()).contains("EC2", "EXTERNAL");
    assertThat(((ScalarShape) model.shape("Timestamp").orElseThrow()).type()).isEqualTo(ScalarType.TIMESTAMP);
    assertThat(((StructureShape) model.shape("HealthCheck").orElseThrow()).required()).containsExactly("command");

    StructureShape serverException = (StructureShape) model.shape("ServerException").orElseThrow();
    assertThat(serverException.exception()).isTrue();
    assertThat(serverException.fault()).isTrue();
    assertThat(((StructureShape) model.shape("ClientException").orElseThrow()).fault()).isFalse();
  }

  /** The committed resource must still say what shared/aws-models says; else re-run scripts/strip-model. */
  @Test
  void agreesWithTheSharedServiceModelOnEveryFactItKeeps() throws IOException {
    JsonNode full = Samples.JSON.readTree(SharedFiles.ecsModel().toFile());
    JsonNode stripped;
    try (InputStream in = ServiceModel.class.getResourceAsStream(ServiceModel.ECS_RESOURCE)) {
      stripped = Samples.JSON.readTree(in);
    }

    assertThat(names(stripped.path("operations"))).isEqualTo(names(full.path("operations")));
    assertThat(names(stripped.path("shapes"))).isEqualTo(names(full.path("shapes")));
    full.path("operations").properties().forEach(e -> {
      JsonNode op = e.getValue();
      JsonNode kept = stripped.path("operations").path(e.getKey());
      assertThat(kept.path("input").asText()).as(e.getKey()).isEqualTo(op.path("input").path("shape").asText());
      assertThat(kept.path("output").asText()).as(e.getKey()).isEqualTo(op.path("output").path("shape").asText());
      assertThat(textList(kept.path("errors"))).as(e.getKey()).isEqualTo(op.path("errors").findValuesAsText("shape"));
    });
    full.path("shapes").properties().forEach(e ->
        assertThat(stripped.path("shapes").path(e.getKey())).as(e.getKey()).isEqualTo(factsOf(e.getValue())));
  }

  @Test
  void carriesNoDocumentationText() throws IOException {
    try (InputStream in = ServiceModel.class.getResourceAsStream(ServiceModel.ECS_RESOURCE)) {
      String text = new String(in.readAllBytes(), UTF_8);
      assertThat(text).doesNotContain("documentation").doesNotContain("<p>");
    }
  }

  @Test
  void refusesAModelThatRefersToAnUnknownShape() {
    String json = "{\"operations\":{\"Ping\":{\"input\":\"PingRequest\",\"errors\":[]}},"
        + "\"shapes\":{\"PingRequest\":{\"type\":\"structure\",\"members\":{\"at\":\"When\"}}}}";

    assertThatThrownBy(() -> ServiceModel.load(new ByteArrayInputStream(json.getBytes(UTF_8))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PingRequest -> When");
  }

  @Test
  void refusesAShapeTypeItCannotValidate() {
    String json = "{\"operations\":{},\"shapes\":{\"Blobby\":{\"type\":\"union-ish\"}}}";

    assertThatThrownBy(() -> ServiceModel.load(new ByteArrayInputStream(json.getBytes(UTF_8))))
        .hasMessageContaining("shape Blobby has unsupported type 'union-ish'");
  }

  private static List<String> names(JsonNode object) {
    return object.properties().stream().map(Map.Entry::getKey).sorted().toList();
  }

  private static List<String> textList(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** The facts of a full-model shape in the stripped form: references flattened, prose dropped. */
  private static JsonNode factsOf(JsonNode shape) {
    ObjectNode facts = Samples.JSON.createObjectNode();
    for (String key : List.of("type", "required", "enum", "min", "max", "exception", "fault", "document")) {
      Optional.ofNullable(shape.get(key)).ifPresent(v -> facts.set(key, v));
    }
    for (String key : List.of("member", "key", "value")) {
      Optional.ofNullable(shape.get(key)).ifPresent(v -> facts.put(key, v.path("shape").asText()));
    }
    if (shape.has("members")) {
      ObjectNode members = facts.putObject("members");
      shape.get("members").properties().forEach(m -> members.put(m.getKey(), m.getValue().path("shape").asText()));
    }
    return facts;
  }
}
