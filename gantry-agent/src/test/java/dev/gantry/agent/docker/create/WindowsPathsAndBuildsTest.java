package dev.gantry.agent.docker.create;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowsPathsAndBuildsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      "C:\\Data\\App\\ | c:\\data\\app",
      "D:\\Shares\\App Data | d:\\shares\\app data",
      "C:\\ | c:\\",
      "D: | d:",
      "\\\\.\\pipe\\Docker_Engine | \\\\.\\pipe\\docker_engine",
      "C:/Logs/ | c:/logs"})
  void volumePathsAreLowerCasedWithoutATrailingSeparator(String path, String canonical) {
    assertThat(MountSettings.canonical(path)).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "OS version {0} is build {1}")
  @CsvSource({"10.0.17763.5122, 17763", "10.0.20348.2340, 20348", "10.0.26100, 26100", "10.0, -1",
      "Windows, -1", "10.0.x.1, -1"})
  void theBuildIsTheThirdPartOfTheOsVersion(String osVersion, int build) {
    assertThat(WindowsBuild.of(osVersion)).isEqualTo(build < 0 ? Optional.empty() : Optional.of(build));
  }

  @ParameterizedTest(name = "build {0} is described as {1}")
  @CsvSource({"14393, build 14393 (Windows Server 2016)", "17763, build 17763 (Windows Server 2019)",
      "20348, build 20348 (Windows Server 2022)", "26100, build 26100 (Windows Server 2025)",
      "19041, build 19041"})
  void buildsAreNamedByTheirServerRelease(int build, String description) {
    assertThat(WindowsBuild.describe(build)).isEqualTo(description);
  }
}
