package io.fabula.application.notification;

import io.fabula.domain.id.SessionId;
import io.fabula.domain.stage.Stage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decides which rows a notification becomes (SPEC §9), from the recipient's preferences only:
 * <ul>
 *   <li>always one IN_APP row (listed in the app and pushed over SSE);</li>
 *   <li>one EMAIL row when the user wants mail for the kind, IMMEDIATE or DIGEST as they chose.</li>
 * </ul>
 * The switches are deliberately <i>not</i> consulted here but when the mail is due ({@link DeliverNotifications},
 * {@link ComposeDailyDigest}): a mail created while {@code EMAIL_ENABLED} is off (an SMTP outage tripped it) waits
 * PENDING and goes out once it is on again — nothing lost; an IMMEDIATE mail created while {@code IMMEDIATE_ENABLED}
 * is off goes into the next digest, or out at once if the switch comes back first.
 *
 * <p>Texts: the in-app title and body in the user's language (English or Chinese); the mail's values
 * ({@code params}) for {@link MailTemplates}. Pure and thread-safe.
 */
public final class NotificationPolicy {

    static final int MAX_TITLE = 60;
    private static final Map<Stage, String> STAGES_ZH = Map.of(Stage.CONCEPT, "概念", Stage.THEME, "主题",
            Stage.WORLD, "世界观", Stage.CHARACTERS, "角色", Stage.PLOT, "情节", Stage.DETAILS, "细节");

    private final Links links;
    private final Supplier<UUID> ids;

    public NotificationPolicy(Links links, Supplier<UUID> ids) {
        this.links = Objects.requireNonNull(links, "links");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** The rows for a session event; {@code sessionTitle} is the seed idea, when the session's start is known. */
    public List<NewNotification> forSession(Trigger trigger, Recipient recipient, Optional<String> sessionTitle) {
        boolean zh = "zh".equals(recipient.preferences().language());
        String title = sessionTitle.map(NotificationPolicy::shorten).filter(t -> !t.isBlank())
                .orElse(zh ? "您的会话" : "your session");
        String stage = zh ? STAGES_ZH.get(trigger.stage()) : trigger.stage().name();
        Map<String, Object> params = new HashMap<>();
        params.put("name", recipient.name());
        params.put("sessionTitle", title);
        params.put("stage", stage);
        params.put("sessionUrl", links.session(trigger.session()).toString());
        params.put("unsubscribeUrl", links.unsubscribe().toString());
        String heading;
        String body;
        switch (trigger.kind()) {
            case STAGE_AWAITING_REVIEW -> {
                params.put("reviewUrl", links.review(trigger.session(), trigger.stage()).toString());
                heading = zh ? "《" + title + "》的「" + stage + "」阶段等待您的审阅"
                        : "Stage " + stage + " of \"" + title + "\" awaits your review";
                body = zh ? "请确认，或附上意见退回修改。" : "Confirm it, or send it back with your feedback.";
            }
            case SESSION_FINISHED -> {
                heading = zh ? "《" + title + "》已完成" : "\"" + title + "\" is finished";
                body = zh ? "六个阶段全部锁定：故事圣经已完成。" : "All six stages are locked: its story bible is complete.";
            }
            case SESSION_FAILED -> {
                String reason = trigger.reason().isBlank() ? (zh ? "生成失败。" : "generation failed.") : trigger.reason();
                params.put("reason", reason);
                heading = zh ? "《" + title + "》已停止" : "\"" + title + "\" has stopped";
                body = reason;
            }
            default -> throw new IllegalArgumentException("not a session notification: " + trigger.kind());
        }
        return rows(recipient, trigger.session(), trigger.kind(), heading, body, params);
    }

    /** The rows warning an admin that {@code percent} of the day's LLM budget is spent (SPEC §8). */
    public List<NewNotification> forBudgetWarning(Recipient admin, BigDecimal spentUsd, BigDecimal limitUsd) {
        boolean zh = "zh".equals(admin.preferences().language());
        String spent = spentUsd.setScale(2, RoundingMode.HALF_UP).toPlainString();
        String limit = limitUsd.setScale(2, RoundingMode.HALF_UP).toPlainString();
        String percent = limitUsd.signum() == 0 ? "100"
                : spentUsd.multiply(BigDecimal.valueOf(100)).divide(limitUsd, 0, RoundingMode.DOWN).toPlainString();
        Map<String, Object> params = new HashMap<>();
        params.put("name", admin.name());
        params.put("spentUsd", spent);
        params.put("limitUsd", limit);
        params.put("percent", percent);
        params.put("budgetUrl", links.budget().toString());
        params.put("unsubscribeUrl", links.unsubscribe().toString());
        String heading = zh ? "今日 LLM 预算已用 " + percent + "%" : percent + " % of today's LLM budget is spent";
        String body = zh ? "已用 " + spent + " / " + limit + " USD。达到 100% 后，LLM 调用将停止至 UTC 00:00。"
                : spent + " of " + limit + " USD. At 100 % all LLM calls stop until 00:00 UTC.";
        return rows(admin, null, NotificationKind.BUDGET_WARNING, heading, body, params);
    }

    /** The one digest mail of {@code day} grouping {@code items} (their titles, oldest first). */
    public NewNotification digest(Recipient recipient, LocalDate day, List<String> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a digest groups at least one notification");
        }
        boolean zh = "zh".equals(recipient.preferences().language());
        Map<String, Object> params = new HashMap<>();
        params.put("name", recipient.name());
        params.put("date", day.toString());
        params.put("count", Integer.toString(items.size()));
        params.put("items", List.copyOf(items));
        params.put("appUrl", links.app().toString());
        params.put("unsubscribeUrl", links.unsubscribe().toString());
        String heading = zh ? day + " 的摘要（" + items.size() + "）" : "Your digest for " + day + " (" + items.size() + ")";
        return new NewNotification(new NotificationId(ids.get()), recipient.id(), null, NotificationKind.DAILY_DIGEST,
                heading, String.join("\n", items), Channel.EMAIL, Delivery.IMMEDIATE,
                recipient.preferences().language(), params);
    }

    private List<NewNotification> rows(Recipient recipient, SessionId session, NotificationKind kind, String heading,
                                       String body, Map<String, Object> params) {
        Preference preference = recipient.preferences().of(kind);
        String language = recipient.preferences().language();
        List<NewNotification> rows = new ArrayList<>(2);
        rows.add(new NewNotification(new NotificationId(ids.get()), recipient.id(), session, kind, heading, body,
                Channel.IN_APP, Delivery.IMMEDIATE, language, params));
        if (preference.email()) {
            rows.add(new NewNotification(new NotificationId(ids.get()), recipient.id(), session, kind, heading, body,
                    Channel.EMAIL, preference.delivery(), language, params));
        }
        return List.copyOf(rows);
    }

    static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_TITLE ? line : line.substring(0, MAX_TITLE - 1).stripTrailing() + "…";
    }
}
