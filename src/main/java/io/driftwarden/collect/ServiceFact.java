package io.driftwarden.collect;

/**
 * A unit as systemd sees it. {@code active} is null without a reachable service manager; {@code enabled}
 * is the {@code systemctl is-enabled} word ({@code absent} for a missing unit), null when unknowable;
 * {@code aliasOfEnabled} is the aliased unit's word when {@code enabled} is {@code alias}.
 */
public record ServiceFact(String unit, String active, String enabled, String aliasOfEnabled) {}
