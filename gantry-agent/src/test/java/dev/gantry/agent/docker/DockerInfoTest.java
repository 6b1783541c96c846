package dev.gantry.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerInfoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsTheMembersGantryUsesFromAWindowsInfoAnswer() throws Exception {
    DockerInfo info = DockerInfo.fromJson(JSON.readTree("""
        {"ID": "X", "OSType": "windows", "OperatingSystem": "Windows Server 2022 Datacenter Version 2009 (OS Build 20348.2340)",
         "KernelVersion": "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)", "NCPU": 8, "MemTotal": 17179398144,
         "ServerVersion": "25.0.5", "Architecture": "x86_64", "Isolation": "process",
         "Plugins": {"Log": ["awslogs", "etwlogs", "json-file", "none"], "Volume": ["local"]}}"""));
    assertThat(info.windows()).isTrue();
    assertThat(info.windowsBuild()).hasValue(20348);
    assertThat(info.ncpu()).isEqualTo(8);
    assertThat(info.memTotalMiB()).isEqualTo(16383);
    assertThat(info.serverVersion()).isEqualTo("25.0.5");
    assertThat(info.logDrivers()).contains("json-file", "none");
    assertThat(info.isolation()).contains("process");
  }

  @Test
  void absentMembersBecomeEmptyNotErrors() throws Exception {
    DockerInfo info = DockerInfo.fromJson(JSON.readTree("{\"OSType\": \"linux\"}"));
    assertThat(info.windows()).isFalse();
    assertThat(info.ncpu()).isZero();
    assertThat(info.logDrivers()).isEmpty();
    assertThat(info.isolation()).isEqualTo(Optional.empty());
  }

  @Test
  void versionAnswerGivesTheApiRange() throws Exception {
    DockerVersion v = DockerVersion.fromJson(JSON.readTree(
        "{\"Version\": \"27.5.1\", \"ApiVersion\": \"1.47\", \"MinAPIVersion\": \"1.24\"}"));
    assertThat(v.apiVersion()).isEqualTo(new ApiVersion(1, 47));
    assertThat(v.minApiVersion()).isEqualTo(new ApiVersion(1, 24));
    assertThat(new ApiVersion(1, 9)).isLessThan(new ApiVersion(1, 41));
  }
}
