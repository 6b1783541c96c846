package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Setting;
import software.amazon.awssdk.services.ecs.model.SettingName;

class AccountSettingsApiTest extends ApiTestBase {

  private String effective(SettingName name) {
    return ecs.listAccountSettings(r -> r.name(name).effectiveSettings(true)).settings().stream()
        .map(Setting::value).findFirst().orElseThrow();
  }

  @Test
  void aPrincipalSettingOverridesTheAccountDefaultUntilDeleted() {
    ecs.putAccountSettingDefault(r -> r.name(SettingName.CONTAINER_INSIGHTS).value("enabled"));
    assertThat(effective(SettingName.CONTAINER_INSIGHTS)).isEqualTo("enabled");
    Setting mine = ecs.putAccountSetting(r -> r.name(SettingName.CONTAINER_INSIGHTS).value("disabled")).setting();
    assertThat(mine.principalArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
    assertThat(effective(SettingName.CONTAINER_INSIGHTS)).isEqualTo("disabled");
    ecs.deleteAccountSetting(r -> r.name(SettingName.CONTAINER_INSIGHTS));
    assertThat(effective(SettingName.CONTAINER_INSIGHTS)).isEqualTo("enabled");
  }

  @Test
  void effectiveSettingsIncludeBuiltInDefaults() {
    assertThat(ecs.listAccountSettings(r -> r.effectiveSettings(true)).settings())
        .extracting(Setting::nameAsString).contains("serviceLongArnFormat", "taskLongArnFormat");
  }

  @Test
  void anInvalidValueIsRejectedNamingTheSetting() {
    assertThatThrownBy(() -> ecs.putAccountSetting(r -> r.name(SettingName.AWSVPC_TRUNKING).value("sometimes")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("sometimes");
  }
}
