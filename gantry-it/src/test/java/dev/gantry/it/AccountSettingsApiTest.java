package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Setting;
import software.amazon.awssdk.services.ecs.model.SettingName;

class AccountSettingsApiTest extends ApiTestBase {

  private static final String ALICE = "arn:aws:iam::" + ACCOUNT + ":user/alice";

  private String effective(SettingName name, String principalArn) {
    return ecs.listAccountSettings(r -> r.name(name).principalArn(principalArn).effectiveSettings(true)).settings()
        .stream().map(Setting::value).findFirst().orElseThrow();
  }

  @Test
  void aPrincipalSettingOverridesTheAccountDefaultUntilDeleted() {
    Setting accountDefault = ecs.putAccountSettingDefault(r -> r.name(SettingName.CONTAINER_INSIGHTS).value("enabled"))
        .setting();
    assertThat(accountDefault.principalArn()).as("the account default is the root's setting")
        .isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
    assertThat(effective(SettingName.CONTAINER_INSIGHTS, ALICE)).isEqualTo("enabled");
    Setting alices = ecs.putAccountSetting(r -> r.name(SettingName.CONTAINER_INSIGHTS).value("disabled")
        .principalArn(ALICE)).setting();
    assertThat(alices.principalArn()).isEqualTo(ALICE);
    assertThat(effective(SettingName.CONTAINER_INSIGHTS, ALICE)).isEqualTo("disabled");
    ecs.deleteAccountSetting(r -> r.name(SettingName.CONTAINER_INSIGHTS).principalArn(ALICE));
    assertThat(effective(SettingName.CONTAINER_INSIGHTS, ALICE)).isEqualTo("enabled");
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
