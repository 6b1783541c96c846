package dev.gantry.server.ops;

import dev.gantry.model.DeleteAccountSettingRequest;
import dev.gantry.model.DeleteAccountSettingResponse;
import dev.gantry.model.ListAccountSettingsRequest;
import dev.gantry.model.ListAccountSettingsResponse;
import dev.gantry.model.PutAccountSettingDefaultRequest;
import dev.gantry.model.PutAccountSettingDefaultResponse;
import dev.gantry.model.PutAccountSettingRequest;
import dev.gantry.model.PutAccountSettingResponse;
import dev.gantry.model.Setting;
import dev.gantry.model.SettingName;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.server.ops.AccountSettingRules.Restriction;
import dev.gantry.server.ops.AccountSettingRules.Rule;
import dev.gantry.store.Compare;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PutAccountSetting, PutAccountSettingDefault, DeleteAccountSetting and ListAccountSettings.
 *
 * <p>As in ECS, the account default of a setting is the root user's own setting: the effective
 * value for a principal is its own setting, else the root user's, else the built-in default of
 * {@link AccountSettingRules}. Each explicit setting is one {@link Setting} record at
 * {@code Keys.accountSetting(principalArn, name)}; built-in defaults are never stored.
 * ListAccountSettings pages over the setting names in their model order (at most eleven per
 * principal, so a page is computed from two range reads).
 */
final class AccountSettingOperations {
  static final int MAX_RESULTS = 10;
  private static final String TOKEN_KIND = "as1:";
  private static final Pattern PRINCIPAL =
      Pattern.compile("arn:aws[a-zA-Z-]*:iam::(\\d{12}):(root|(?:user|role)/[\\w+=,.@/-]{1,512})");

  private final StateStore store;
  private final ArnFormat arns;
  private final String accountId;

  AccountSettingOperations(StateStore store, ServerSettings settings) {
    this.store = store;
    this.arns = new ArnFormat(settings.region(), settings.accountId());
    this.accountId = settings.accountId();
  }

  List<Operation<?, ?>> operations() {
    return List.of(
        Operation.user("PutAccountSetting", PutAccountSettingRequest.class, this::putAccountSetting),
        Operation.user("PutAccountSettingDefault", PutAccountSettingDefaultRequest.class,
            this::putAccountSettingDefault),
        Operation.user("DeleteAccountSetting", DeleteAccountSettingRequest.class, this::deleteAccountSetting),
        Operation.user("ListAccountSettings", ListAccountSettingsRequest.class, this::listAccountSettings));
  }

  PutAccountSettingResponse putAccountSetting(PutAccountSettingRequest request, CallContext context) {
    Rule rule = AccountSettingRules.writable(request.name());
    String value = AccountSettingRules.checkedValue(rule, request.value());
    String principal = principal(request.principalArn(), context);
    return PutAccountSettingResponse.builder().setting(put(rule, value, principal)).build();
  }

  PutAccountSettingDefaultResponse putAccountSettingDefault(PutAccountSettingDefaultRequest request,
      CallContext context) {
    Rule rule = AccountSettingRules.writable(request.name());
    String value = AccountSettingRules.checkedValue(rule, request.value());
    return PutAccountSettingDefaultResponse.builder().setting(put(rule, value, arns.rootPrincipal())).build();
  }

  /**
   * Removes the principal's own setting and returns it; when it had none, returns the setting
   * now in effect for it, so that deleting twice is harmless.
   */
  DeleteAccountSettingResponse deleteAccountSetting(DeleteAccountSettingRequest request, CallContext context) {
    Rule rule = AccountSettingRules.writable(request.name());
    String principal = principal(request.principalArn(), context);
    String key = Keys.accountSetting(principal, rule.name().toString());
    Setting setting = ConflictRetry.run(store, doing("delete", rule.name(), principal), () -> {
      Optional<KeyValue> current = store.get(key);
      if (current.isEmpty()) {
        return ConflictRetry.Plan.noWrite(effective(rule, Optional.empty(), stored(arns.rootPrincipal(), rule.name())));
      }
      Txn txn = new Txn(List.of(Compare.unchanged(current.get())), List.of(Op.delete(key)));
      return ConflictRetry.Plan.write(txn, Records.decode(current.get(), Setting.class));
    });
    return DeleteAccountSettingResponse.builder().setting(setting).build();
  }

  ListAccountSettingsResponse listAccountSettings(ListAccountSettingsRequest request, CallContext context) {
    int maxResults = Pagination.maxResults(request.maxResults(), MAX_RESULTS);
    if (request.value() != null && request.name() == null) {
      throw EcsException.invalidParameter("value '" + request.value() + "' was given without name: filtering "
          + "ListAccountSettings by value requires the name of the setting too.");
    }
    String principal = principal(request.principalArn(), context);
    boolean effective = Boolean.TRUE.equals(request.effectiveSettings());
    Map<SettingName, Setting> own = storedAll(principal);
    Map<SettingName, Setting> account = effective ? storedAll(arns.rootPrincipal()) : Map.of();
    List<Setting> matching = new ArrayList<>();
    for (SettingName name : SettingName.values()) {
      if (request.name() != null && request.name() != name) {
        continue;
      }
      Rule rule = AccountSettingRules.rule(name);
      Optional<Setting> setting = effective
          ? Optional.of(effective(rule, Optional.ofNullable(own.get(name)), Optional.ofNullable(account.get(name))))
          : Optional.ofNullable(own.get(name));
      setting.filter(s -> request.value() == null || request.value().equals(s.value())).ifPresent(matching::add);
    }
    return page(matching, request.nextToken(), maxResults);
  }

  private Setting put(Rule rule, String value, String principal) {
    if (rule.restriction() == Restriction.ROOT_ONLY && !principal.equals(arns.rootPrincipal())) {
      throw EcsException.invalidParameter("principalArn '" + principal + "' is not the root user: account setting "
          + rule.name() + " can only be set for the whole account (principalArn " + arns.rootPrincipal()
          + ", or PutAccountSettingDefault).");
    }
    Setting setting = Setting.builder().name(rule.name()).value(value).principalArn(principal).type(rule.type())
        .build();
    String key = Keys.accountSetting(principal, rule.name().toString());
    return ConflictRetry.run(store, doing("put", rule.name(), principal), () -> {
      Optional<KeyValue> current = store.get(key);
      if (current.isPresent() && Records.decode(current.get(), Setting.class).equals(setting)) {
        return ConflictRetry.Plan.noWrite(setting);
      }
      return ConflictRetry.Plan.write(Records.createOrReplace(key, current, setting), setting);
    });
  }

  /**
   * The setting {@code name} in effect for {@code principal} (an IAM principal ARN as stored):
   * for other handlers whose behaviour follows an account setting, e.g. CreateCluster's
   * containerInsights.
   */
  static Setting effective(StateStore store, ArnFormat arns, SettingName name, String principal) {
    String root = arns.rootPrincipal();
    Optional<Setting> own = principal.equals(root) ? Optional.empty() : stored(store, principal, name);
    return effective(AccountSettingRules.rule(name), own, stored(store, root, name), root);
  }

  private Setting effective(Rule rule, Optional<Setting> own, Optional<Setting> account) {
    return effective(rule, own, account, arns.rootPrincipal());
  }

  /** The principal's own setting, else the account's (root user's), else the built-in default. */
  private static Setting effective(Rule rule, Optional<Setting> own, Optional<Setting> account, String root) {
    if (rule.restriction() != Restriction.AWS_MANAGED) {
      if (own.isPresent()) {
        return own.get();
      }
      if (account.isPresent()) {
        return account.get();
      }
    }
    return Setting.builder().name(rule.name()).value(rule.defaultValue()).principalArn(root)
        .type(rule.type()).build();
  }

  private Optional<Setting> stored(String principal, SettingName name) {
    return stored(store, principal, name);
  }

  private static Optional<Setting> stored(StateStore store, String principal, SettingName name) {
    return Records.get(store, Keys.accountSetting(principal, name.toString()), Setting.class)
        .map(Records.Versioned::value);
  }

  private Map<SettingName, Setting> storedAll(String principal) {
    Map<SettingName, Setting> out = new EnumMap<>(SettingName.class);
    for (Setting s : Records.values(store, Keys.accountSettings(principal), Setting.class)) {
      out.put(s.name(), s);
    }
    return out;
  }

  /**
   * The principal a call is about: {@code principalArn} when given (an IAM root, user or role
   * ARN of this account; any root ARN means the account itself), else the caller.
   */
  private String principal(String principalArn, CallContext context) {
    if (principalArn == null) {
      // Root keys and agent keys both act for the account; there are no per-user identities.
      return arns.rootPrincipal();
    }
    Matcher m = PRINCIPAL.matcher(principalArn);
    if (!m.matches()) {
      throw EcsException.invalidParameter("principalArn '" + principalArn + "' is not an IAM principal ARN: give "
          + "arn:aws:iam::<account>:root, arn:aws:iam::<account>:user/<name> or arn:aws:iam::<account>:role/<name>.");
    }
    if (!m.group(1).equals(accountId)) {
      throw EcsException.invalidParameter("principalArn '" + principalArn + "' belongs to account " + m.group(1)
          + "; this server's account is " + accountId + ".");
    }
    return m.group(2).equals("root") ? arns.rootPrincipal() : principalArn;
  }

  private ListAccountSettingsResponse page(List<Setting> matching, String nextToken, int maxResults) {
    int start = 0;
    if (nextToken != null && !nextToken.isEmpty()) {
      SettingName after = decodeToken(nextToken);
      while (start < matching.size() && matching.get(start).name().compareTo(after) <= 0) {
        start++;
      }
    }
    int end = Math.min(matching.size(), start + maxResults);
    List<Setting> items = List.copyOf(matching.subList(start, end));
    String token = end < matching.size() ? encodeToken(items.getLast().name()) : null;
    return ListAccountSettingsResponse.builder().settings(items).nextToken(token).build();
  }

  private static String encodeToken(SettingName last) {
    return Pagination.token(TOKEN_KIND, last.toString());
  }

  private static SettingName decodeToken(String token) {
    return Pagination.position(TOKEN_KIND, token).flatMap(SettingName::fromWire).orElseThrow(() ->
        EcsException.invalidParameter("nextToken is not valid for ListAccountSettings: pass back the nextToken "
            + "value of the previous response unchanged."));
  }

  /** What a put or delete was doing, for the error when it keeps losing races. */
  private static String doing(String verb, SettingName name, String principal) {
    return verb + " account setting " + name + " of " + principal;
  }
}
