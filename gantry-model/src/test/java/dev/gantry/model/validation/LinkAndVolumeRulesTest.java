package dev.gantry.model.validation;

import static dev.gantry.model.validation.Fixtures.container;
import static dev.gantry.model.validation.Fixtures.task;
import static dev.gantry.model.validation.Fixtures.taskWith;
import static dev.gantry.model.validation.ValidationCase.rejects;
import static org.junit.jupiter.api.Named.named;

import dev.gantry.model.MountPoint;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.Volume;
import dev.gantry.model.VolumeFrom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LinkAndVolumeRulesTest {

  static Stream<ValidationCase> rejected() {
    return Stream.of(
        rejects("a link to a container that does not exist is refused",
            task(container("app").links(List.of("db")).build(), container("cache").build()),
            "containerDefinitions[0].links[0]", "'db'", "not a container", "'app', 'cache'"),
        rejects("a link with an alias to a missing container names the container",
            task(container("app").links(List.of("db:database")).build()),
            "containerDefinitions[0].links[0]", "'db'", "not a container"),
        rejects("a link to the container itself is refused", task(container("app").links(List.of("app")).build()),
            "containerDefinitions[0].links[0]", "'app'", "itself"),
        rejects("a link with an empty alias is refused",
            task(container("app").links(List.of("db:")).build(), container("db").build()),
            "containerDefinitions[0].links[0]", "'db:'", "'name:alias'"),
        rejects("links in awsvpc mode are refused",
            taskWith(container("app").links(List.of("db")).build(), container("db").build())
                .networkMode(NetworkMode.AWSVPC).build(),
            "containerDefinitions[0].links", "bridge", "networkMode 'awsvpc'"),
        rejects("links in host mode are refused",
            taskWith(container("app").links(List.of("db")).build(), container("db").build())
                .networkMode(NetworkMode.HOST).build(),
            "containerDefinitions[0].links", "bridge", "networkMode 'host'"),
        rejects("two volumes with one name are refused",
            taskWith(container("app").build()).volumes(List.of(volume("data"), volume("data"))).build(),
            "volumes[1].name", "'data'", "volumes[0]", "unique"),
        rejects("a volume name with a slash is refused",
            taskWith(container("app").build()).volumes(List.of(volume("my/data"))).build(),
            "volumes[0].name", "'my/data'", "letters, numbers"),
        rejects("a mount point of an undeclared volume is refused",
            taskWith(container("app").mountPoints(List.of(mount("dta", "/data"))).build())
                .volumes(List.of(volume("data"))).build(),
            "containerDefinitions[0].mountPoints[0].sourceVolume", "'dta'", "not a volume", "'data'"),
        rejects("a mount point without sourceVolume is refused",
            taskWith(container("app").mountPoints(List.of(mount(null, "/data"))).build())
                .volumes(List.of(volume("data"))).build(),
            "containerDefinitions[0].mountPoints[0].sourceVolume", "required", "'data'"),
        rejects("a mount point without containerPath is refused",
            taskWith(container("app").mountPoints(List.of(mount("data", null))).build())
                .volumes(List.of(volume("data"))).build(),
            "containerDefinitions[0].mountPoints[0].containerPath", "required"),
        rejects("volumesFrom a container that does not exist is refused",
            task(container("app").volumesFrom(List.of(from("sidecar"))).build()),
            "containerDefinitions[0].volumesFrom[0].sourceContainer", "'sidecar'", "not a container", "'app'"),
        rejects("volumesFrom the container itself is refused",
            task(container("app").volumesFrom(List.of(from("app"))).build()),
            "containerDefinitions[0].volumesFrom[0].sourceContainer", "'app'", "itself"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectsTheRequest(ValidationCase c) {
    c.assertRejected();
  }

  static Stream<Named<RegisterTaskDefinitionRequest>> accepted() {
    return Stream.of(
        named("links in bridge mode", taskWith(container("app").links(List.of("db", "cache:redis")).build(),
            container("db").build(), container("cache").build()).networkMode(NetworkMode.BRIDGE).build()),
        named("links with networkMode omitted on Linux, which is bridge",
            task(container("app").links(List.of("db")).build(), container("db").build())),
        named("mount points and volumesFrom that name what exists",
            taskWith(container("app").mountPoints(List.of(mount("data", "/data"))).build(),
                container("backup").volumesFrom(List.of(from("app"))).build())
                .volumes(List.of(volume("data"))).build()));
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("accepted")
  void accepts(RegisterTaskDefinitionRequest request) {
    ValidationCase.assertAccepted(request);
  }

  private static Volume volume(String name) {
    return Volume.builder().name(name).build();
  }

  private static MountPoint mount(String volume, String path) {
    return MountPoint.builder().sourceVolume(volume).containerPath(path).build();
  }

  private static VolumeFrom from(String container) {
    return VolumeFrom.builder().sourceContainer(container).build();
  }
}
