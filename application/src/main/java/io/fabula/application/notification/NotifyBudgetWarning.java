package io.fabula.application.notification;

import io.fabula.domain.id.UserId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The budget warning of SPEC §8: when the day's LLM spending reaches 80 % of the budget, every admin is notified —
 * once per UTC day, however often the budget keeper calls this (e.g. on every ledger entry past 80 %).
 * The hook the operations side calls; the threshold is theirs to decide.
 */
public final class NotifyBudgetWarning {

    /** Its name in {@code consumer_dedup}, where "once per admin and day" is kept. */
    public static final String CONSUMER = "fabula-budget-warning";

    private final NotificationInbox inbox;
    private final NotificationPolicy policy;

    public NotifyBudgetWarning(NotificationInbox inbox, NotificationPolicy policy) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Warns each admin who was not warned on {@code day} yet.
     *
     * @return the admins warned by this call
     * @throws RuntimeException when the store fails (call again: admins already warned are not warned twice)
     */
    public int handle(LocalDate day, BigDecimal spentUsd, BigDecimal limitUsd) {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(spentUsd, "spent");
        Objects.requireNonNull(limitUsd, "limit");
        int warned = 0;
        for (UserId admin : inbox.admins()) {
            UUID cause = UUID.nameUUIDFromBytes(("budget-warning/" + day + "/" + admin).getBytes(StandardCharsets.UTF_8));
            if (!inbox.recordOnce(CONSUMER, cause, admin, Optional.empty(),
                    (recipient, title) -> policy.forBudgetWarning(recipient, spentUsd, limitUsd)).isEmpty()) {
                warned++;
            }
        }
        return warned;
    }
}
