package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.DeleteAccountSettingRequest;
import dev.gantry.model.ListAccountSettingsRequest;
import dev.gantry.model.ListAccountSettingsResponse;
import dev.gantry.model.PutAccountSettingDefaultRequest;
import dev.gantry.model.PutAccountSettingRequest;
import dev.gantry.model.Setting;
import dev.gantry.model.SettingName;
import dev.gantry.model.SettingType;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccountSettingOperationsTest {
  private static final String ROOT_ARN = "arn:aws:iam::000000000000:root";
  private static final String ALICE = "arn:aws:iam::000000000000:user/alice";
  private static final String DEPLOYER = "arn:aws:iam::000000000000:role/ci/deployer";
  private static final ServerSettings SETTINGS =
      new ServerSettings("us-east-1", "000000000000", "http://127.0.0.1:7777");
  private static final CallContext ROOT =
      new CallContext(new Principal.Root("AKIDROOT"), Instant.parse("2025-01-02T03:04:05Z"), "req-1");

  private final InMemoryStateStore store = new InMemoryStateStore();
  private final AccountSettingOperations ops = new AccountSettingOperations(store, SETTINGS);

  // ---- built-in defaults ----

  static Stream<Arguments> builtInDefaults() {
    return Stream.of(
        Arguments.of(SettingName.SERVICELONGARNFORMAT, "enabled", SettingType.USER),
        Arguments.of(SettingName.TASKLONGARNFORMAT, "enabled", SettingType.USER),
        Arguments.of(SettingName.CONTAINERINSTANCELONGARNFORMAT, "enabled", SettingType.USER),
        Arguments.of(SettingName.AWSVPCTRUNKING, "disabled", SettingType.USER),
        Arguments.of(SettingName.CONTAINERINSIGHTS, "disabled", SettingType.USER),
        Arguments.of(SettingName.FARGATEFIPSMODE, "disabled", SettingType.USER),
        Arguments.of(SettingName.TAGRESOURCEAUTHORIZATION, "on", SettingType.USER),
        Arguments.of(SettingName.FARGATETASKRETIREMENTWAITPERIOD, "7", SettingType.USER),
        Arguments.of(SettingName.GUARDDUTYACTIVATE, "off", SettingType.AWS_MANAGED),
        Arguments.of(SettingName.DEFAULTLOGDRIVERMODE, "non-blocking", SettingType.USER),
        Arguments.of(SettingName.FARGATEEVENTWINDOWS, "disabled", SettingType.USER));
  }

  @ParameterizedTest(name = "{0} is {1} when nobody set it")
  @MethodSource("builtInDefaults")
  void reportsTheBuiltInDefaultAsTheEffectiveSettingOfTheAccount(SettingName name, String value, SettingType type) {
    assertThat(list(b -> b.name(name).effectiveSettings(true)).settings())
        .containsExactly(setting(name, value, ROOT_ARN, type));
  }

  @Test
  void listsEveryEffectiveSettingAcrossPagesOfAtMostTen() {
    ListAccountSettingsResponse first = list(b -> b.effectiveSettings(true));
    ListAccountSettingsResponse second = list(b -> b.effectiveSettings(true).nextToken(first.nextToken()));

    assertThat(first.settings()).hasSize(10);
    assertThat(first.nextToken()).isNotNull();
    assertThat(second.settings()).hasSize(1);
    assertThat(second.nextToken()).isNull();
    List<SettingName> names = new ArrayList<>();
    Stream.concat(first.settings().stream(), second.settings().stream()).forEach(s -> names.add(s.name()));
    assertThat(names).containsExactly(SettingName.values());
  }

  @Test
  void pagesWithTheRequestedMaxResults() {
    List<Setting> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String current = token;
      ListAccountSettingsResponse page = list(b -> b.effectiveSettings(true).maxResults(3).nextToken(current));
      assertThat(page.settings()).hasSizeLessThanOrEqualTo(3);
      seen.addAll(page.settings());
      token = page.nextToken();
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(4);
    assertThat(seen).extracting(Setting::name).containsExactly(SettingName.values());
  }

  @Test
  void listsNothingForAPrincipalWithoutOwnSettingsUnlessEffectiveSettingsAreAsked() {
    assertThat(list(b -> {}).settings()).isEmpty();
    assertThat(list(b -> b.principalArn(ALICE)).settings()).isEmpty();
    assertThat(list(b -> b.principalArn(ALICE).effectiveSettings(false)).settings()).isEmpty();
  }

  // ---- put, default, override, delete ----

  @Test
  void putsASettingForTheCallerWhenNoPrincipalIsGiven() {
    Setting put = ops.putAccountSetting(PutAccountSettingRequest.builder().name(SettingName.CONTAINERINSIGHTS)
        .value("enhanced").build(), ROOT).setting();

    Setting expected = setting(SettingName.CONTAINERINSIGHTS, "enhanced", ROOT_ARN, SettingType.USER);
    assertThat(put).isEqualTo(expected);
    assertThat(list(b -> {}).settings()).containsExactly(expected);
    assertThat(list(b -> b.name(SettingName.CONTAINERINSIGHTS).effectiveSettings(true)).settings())
        .containsExactly(expected);
  }

  @Test
  void appliesTheAccountDefaultToPrincipalsWithoutTheirOwnSettingUntilTheyOverrideIt() {
    Setting accountDefault = putDefault(SettingName.AWSVPCTRUNKING, "enabled");
    assertThat(accountDefault).isEqualTo(setting(SettingName.AWSVPCTRUNKING, "enabled", ROOT_ARN, SettingType.USER));
    assertThat(effective(ALICE, SettingName.AWSVPCTRUNKING)).isEqualTo(accountDefault);

    Setting own = put(SettingName.AWSVPCTRUNKING, "disabled", ALICE);
    assertThat(own).isEqualTo(setting(SettingName.AWSVPCTRUNKING, "disabled", ALICE, SettingType.USER));
    assertThat(effective(ALICE, SettingName.AWSVPCTRUNKING)).isEqualTo(own);
    assertThat(effective(DEPLOYER, SettingName.AWSVPCTRUNKING)).isEqualTo(accountDefault);
    assertThat(list(b -> b.principalArn(ALICE)).settings()).containsExactly(own);

    Setting deleted = ops.deleteAccountSetting(DeleteAccountSettingRequest.builder().name(SettingName.AWSVPCTRUNKING)
        .principalArn(ALICE).build(), ROOT).setting();
    assertThat(deleted).isEqualTo(own);
    assertThat(effective(ALICE, SettingName.AWSVPCTRUNKING)).isEqualTo(accountDefault);
  }

  @Test
  void treatsThePutOfTheRootUsersSettingAsTheAccountDefault() {
    put(SettingName.DEFAULTLOGDRIVERMODE, "blocking", ROOT_ARN);
    assertThat(effective(DEPLOYER, SettingName.DEFAULTLOGDRIVERMODE).value()).isEqualTo("blocking");
  }

  @Test
  void deletingASettingNobodySetReturnsTheSettingInEffect() {
    putDefault(SettingName.CONTAINERINSIGHTS, "enabled");

    Setting answer = ops.deleteAccountSetting(DeleteAccountSettingRequest.builder()
        .name(SettingName.CONTAINERINSIGHTS).principalArn(ALICE).build(), ROOT).setting();

    assertThat(answer).isEqualTo(setting(SettingName.CONTAINERINSIGHTS, "enabled", ROOT_ARN, SettingType.USER));
  }

  @Test
  void deletingTheAccountDefaultRestoresTheBuiltInDefault() {
    putDefault(SettingName.FARGATETASKRETIREMENTWAITPERIOD, "14");

    ops.deleteAccountSetting(DeleteAccountSettingRequest.builder().name(SettingName.FARGATETASKRETIREMENTWAITPERIOD)
        .build(), ROOT);

    assertThat(effective(ALICE, SettingName.FARGATETASKRETIREMENTWAITPERIOD).value()).isEqualTo("7");
  }

  @Test
  void keepsTheSettingsOfPrincipalsWhoseArnsNestInsideEachOther() {
    String outer = "arn:aws:iam::000000000000:role/ci";
    String inner = "arn:aws:iam::000000000000:role/ci/deployer";
    put(SettingName.CONTAINERINSIGHTS, "enabled", outer);
    put(SettingName.CONTAINERINSIGHTS, "enhanced", inner);

    assertThat(list(b -> b.principalArn(outer)).settings()).extracting(Setting::value).containsExactly("enabled");
    assertThat(list(b -> b.principalArn(inner)).settings()).extracting(Setting::value).containsExactly("enhanced");
  }

  @Test
  void filtersByNameAndValue() {
    putDefault(SettingName.CONTAINERINSIGHTS, "enabled");
    putDefault(SettingName.AWSVPCTRUNKING, "enabled");

    assertThat(list(b -> b.name(SettingName.AWSVPCTRUNKING)).settings()).extracting(Setting::name)
        .containsExactly(SettingName.AWSVPCTRUNKING);
    assertThat(list(b -> b.name(SettingName.AWSVPCTRUNKING).value("disabled")).settings()).isEmpty();
    assertThat(list(b -> b.name(SettingName.FARGATEFIPSMODE).value("disabled").effectiveSettings(true)).settings())
        .extracting(Setting::value).containsExactly("disabled");
  }

  // ---- concurrency: compare-and-swap on the setting's mod-revision ----

  @Test
  void aPutThatRacesAnotherWriterRetriesOnTheFreshSetting() {
    InterferingStore racing = new InterferingStore(store);
    racing.beforeNextTxn(() -> put(SettingName.CONTAINERINSIGHTS, "enhanced", ALICE));

    Setting answer = new AccountSettingOperations(racing, SETTINGS).putAccountSetting(PutAccountSettingRequest
        .builder().name(SettingName.CONTAINERINSIGHTS).value("enabled").principalArn(ALICE).build(), ROOT).setting();

    assertThat(answer.value()).isEqualTo("enabled");
    assertThat(effective(ALICE, SettingName.CONTAINERINSIGHTS).value()).isEqualTo("enabled");
  }

  @Test
  void aDeleteThatLosesEveryRaceGivesUpWithARetryableServerError() {
    put(SettingName.CONTAINERINSIGHTS, "enabled", ALICE);
    InterferingStore racing = new InterferingStore(store);
    racing.beforeNextTxns(Integer.MAX_VALUE, () -> {
      put(SettingName.CONTAINERINSIGHTS, "enhanced", ALICE);
      put(SettingName.CONTAINERINSIGHTS, "enabled", ALICE);
    });

    assertThatThrownBy(() -> new AccountSettingOperations(racing, SETTINGS).deleteAccountSetting(
        DeleteAccountSettingRequest.builder().name(SettingName.CONTAINERINSIGHTS).principalArn(ALICE).build(), ROOT))
        .isInstanceOfSatisfying(EcsException.class, e -> {
          assertThat(e.type()).isEqualTo(ErrorType.ServerException);
          assertThat(e.getMessage()).contains("containerInsights").contains(ALICE).contains("retry");
        });
    assertThat(effective(ALICE, SettingName.CONTAINERINSIGHTS).value()).isEqualTo("enabled");
  }

  // ---- validation ----

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of(SettingName.CONTAINERINSIGHTS, "on", "enabled, disabled, enhanced"),
        Arguments.of(SettingName.AWSVPCTRUNKING, "Enabled", "enabled, disabled"),
        Arguments.of(SettingName.FARGATETASKRETIREMENTWAITPERIOD, "3", "0, 7, 14"),
        Arguments.of(SettingName.DEFAULTLOGDRIVERMODE, "nonblocking", "blocking, non-blocking"),
        Arguments.of(SettingName.FARGATEFIPSMODE, "", "enabled, disabled"),
        Arguments.of(SettingName.SERVICELONGARNFORMAT, "disabled", "You can no longer disable"),
        Arguments.of(SettingName.TASKLONGARNFORMAT, "disabled", "You can no longer disable"),
        Arguments.of(SettingName.CONTAINERINSTANCELONGARNFORMAT, "off", "You can no longer disable"),
        Arguments.of(SettingName.TAGRESOURCEAUTHORIZATION, "off", "You can no longer disable"));
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @MethodSource("invalidValues")
  void rejectsAValueTheSettingDoesNotAccept(SettingName name, String value, String valid) {
    Consumer<EcsException> check = e -> {
      assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
      assertThat(e.getMessage()).contains(name.toString()).contains("'" + value + "'").contains(valid);
    };
    assertThatThrownBy(() -> putDefault(name, value)).isInstanceOfSatisfying(EcsException.class, check);
    assertThatThrownBy(() -> put(name, value, ROOT_ARN)).isInstanceOfSatisfying(EcsException.class, check);
    assertThat(list(b -> {}).settings()).isEmpty();
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.<Arguments>of(
        Arguments.of("a put without name", (Call) o -> o.putAccountSetting(PutAccountSettingRequest.builder()
            .value("enabled").build(), ROOT), "name is required"),
        Arguments.of("a put without value", (Call) o -> o.putAccountSetting(PutAccountSettingRequest.builder()
            .name(SettingName.CONTAINERINSIGHTS).build(), ROOT),
            "value is required for account setting containerInsights"),
        Arguments.of("a put of the AWS-managed guardDutyActivate", (Call) o -> o.putAccountSettingDefault(
            PutAccountSettingDefaultRequest.builder().name(SettingName.GUARDDUTYACTIVATE).value("on").build(), ROOT),
            "guardDutyActivate is a read-only account setting managed by AWS"),
        Arguments.of("a delete of the AWS-managed guardDutyActivate", (Call) o -> o.deleteAccountSetting(
            DeleteAccountSettingRequest.builder().name(SettingName.GUARDDUTYACTIVATE).build(), ROOT),
            "guardDutyActivate is a read-only"),
        Arguments.of("a retirement wait period for a role", (Call) o -> o.putAccountSetting(PutAccountSettingRequest
            .builder().name(SettingName.FARGATETASKRETIREMENTWAITPERIOD).value("0").principalArn(DEPLOYER).build(),
            ROOT), "principalArn '" + DEPLOYER + "' is not the root user"),
        Arguments.of("a principal that is not an IAM ARN", (Call) o -> o.putAccountSetting(PutAccountSettingRequest
            .builder().name(SettingName.CONTAINERINSIGHTS).value("enabled").principalArn("alice").build(), ROOT),
            "principalArn 'alice' is not an IAM principal ARN"),
        Arguments.of("an assumed-role session", (Call) o -> o.listAccountSettings(ListAccountSettingsRequest.builder()
            .principalArn("arn:aws:sts::000000000000:assumed-role/r/s").build(), ROOT), "is not an IAM principal ARN"),
        Arguments.of("a principal of another account", (Call) o -> o.deleteAccountSetting(DeleteAccountSettingRequest
            .builder().name(SettingName.CONTAINERINSIGHTS).principalArn("arn:aws:iam::123456789012:user/bob").build(),
            ROOT), "belongs to account 123456789012; this server's account is 000000000000"),
        Arguments.of("a value filter without name", (Call) o -> o.listAccountSettings(ListAccountSettingsRequest
            .builder().value("enabled").build(), ROOT), "value 'enabled' was given without name"),
        Arguments.of("maxResults above 10", (Call) o -> o.listAccountSettings(ListAccountSettingsRequest.builder()
            .maxResults(11).build(), ROOT), "maxResults 11 is out of range: it must be between 1 and 10"),
        Arguments.of("maxResults of 0", (Call) o -> o.listAccountSettings(ListAccountSettingsRequest.builder()
            .maxResults(0).build(), ROOT), "between 1 and 10"),
        Arguments.of("a forged nextToken", (Call) o -> o.listAccountSettings(ListAccountSettingsRequest.builder()
            .nextToken("bm90LWEtdG9rZW4").build(), ROOT), "nextToken is not valid"),
        Arguments.of("a nextToken that is not base64", (Call) o -> o.listAccountSettings(ListAccountSettingsRequest
            .builder().nextToken("%%%").build(), ROOT), "nextToken is not valid"));
  }

  /** One call against the handlers. */
  @FunctionalInterface
  interface Call {
    Object call(AccountSettingOperations ops);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void rejectsAnInvalidRequestNamingTheMember(String description, Call call, String message) {
    ThrowingCallable run = () -> call.call(ops);
    assertThatThrownBy(run).isInstanceOfSatisfying(EcsException.class, e -> {
      assertThat(e.type()).isEqualTo(ErrorType.InvalidParameterException);
      assertThat(e.getMessage()).contains(message);
    });
  }

  @Test
  void acceptsAnyRootArnOfTheAccountAsTheAccountItself() {
    put(SettingName.CONTAINERINSIGHTS, "enabled", "arn:aws-us-gov:iam::000000000000:root");
    assertThat(effective(ALICE, SettingName.CONTAINERINSIGHTS).principalArn()).isEqualTo(ROOT_ARN);
  }

  @Test
  void writesNothingWhenTheSameValueIsPutAgain() {
    putDefault(SettingName.CONTAINERINSIGHTS, "enabled");
    long revision = store.revision();
    putDefault(SettingName.CONTAINERINSIGHTS, "enabled");
    assertThat(store.revision()).isEqualTo(revision);
  }

  // ---- helpers ----

  private Setting put(SettingName name, String value, String principal) {
    return ops.putAccountSetting(PutAccountSettingRequest.builder().name(name).value(value).principalArn(principal)
        .build(), ROOT).setting();
  }

  private Setting putDefault(SettingName name, String value) {
    return ops.putAccountSettingDefault(PutAccountSettingDefaultRequest.builder().name(name).value(value).build(),
        ROOT).setting();
  }

  private Setting effective(String principal, SettingName name) {
    List<Setting> settings = list(b -> b.principalArn(principal).name(name).effectiveSettings(true)).settings();
    assertThat(settings).hasSize(1);
    return settings.getFirst();
  }

  private ListAccountSettingsResponse list(Consumer<ListAccountSettingsRequest.Builder> request) {
    ListAccountSettingsRequest.Builder b = ListAccountSettingsRequest.builder();
    request.accept(b);
    return ops.listAccountSettings(b.build(), ROOT);
  }

  private static Setting setting(SettingName name, String value, String principal, SettingType type) {
    return Setting.builder().name(name).value(value).principalArn(principal).type(type).build();
  }
}
